using System.Globalization;

namespace SmartLab.Cli.Http;

/// <summary>Builds <c>?a=1&amp;b=x</c> from the filters that are set.</summary>
internal static class QueryString
{
    public static string Build(params (string Name, object? Value)[] parameters)
    {
        var parts = parameters
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)}")
            .ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
