namespace SmartLab.Export.Rde;

/// <summary>
/// How the facility's records map to its ARIM RDE registrations. RDE knows its own ids (datasets, users, instruments);
/// SmartLab cannot look them up, so staff configure them. Bound from <c>SmartLab:Export:Rde</c>.
/// </summary>
public sealed class RdeOptions
{
    /// <summary>RDE dataset (UUID) per device profile id, for example <c>xrd-powder</c> → the facility's XRD dataset.</summary>
    public Dictionary<string, string> DatasetIds { get; set; } = [];

    /// <summary>RDE user id (56 alphanumeric characters) per SmartLab account id.</summary>
    public Dictionary<string, string> UserIds { get; set; } = [];

    /// <summary>RDE instrument id (UUID) per SmartLab instrument id; instruments not listed are left empty, as RDE allows.</summary>
    public Dictionary<string, string> InstrumentIds { get; set; } = [];
}
