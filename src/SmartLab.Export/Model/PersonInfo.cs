namespace SmartLab.Export.Model;

/// <summary>An account as it appears in exports: login id, display name and role (user, staff, admin, automation).</summary>
public sealed record PersonInfo(string Id, string? DisplayName, string Role)
{
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? Id : DisplayName;
}
