namespace SmartLab.Domain.Accounts;

/// <summary>API roles.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Staff = "staff";
    public const string User = "user";
    public const string Automation = "automation";

    public static readonly IReadOnlyList<string> All = [Admin, Staff, User, Automation];

    /// <summary>Staff and admins see everything in the facility.</summary>
    public static bool SeesEverything(string role) => role is Admin or Staff;
}
