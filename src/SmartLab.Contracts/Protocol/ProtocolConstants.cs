namespace SmartLab.Contracts.Protocol;

/// <summary>Fixed values of wire protocol v1.</summary>
public static class ProtocolConstants
{
    /// <summary>The <c>v</c> field every payload carries.</summary>
    public const int Version = 1;

    /// <summary>Topic root of protocol v1.</summary>
    public const string TopicRoot = "smartlab/v1";

    /// <summary>Largest file chunk an agent may send (256 KiB).</summary>
    public const int MaxChunkBytes = 256 * 1024;

    /// <summary>Default largest JSON payload the hub accepts (1 MiB).</summary>
    public const int DefaultMaxJsonBytes = 1024 * 1024;

    /// <summary>Instrument ids: lower-case letters, digits and dashes, 1 to 63 characters.</summary>
    public const string InstrumentIdPattern = "^[a-z0-9][a-z0-9-]{0,62}$";

    /// <summary>Message ids (measurementId, commandId, fileId): 1 to 64 characters of [A-Za-z0-9_-].</summary>
    public const string MessageIdPattern = "^[A-Za-z0-9_-]{1,64}$";

    /// <summary>Instrument statuses an agent may report.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["idle", "busy", "error", "maintenance", "local"];

    public static bool IsValidInstrumentId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 63 || !IsLowerAlnum(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!IsLowerAlnum(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidMessageId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    static bool IsLowerAlnum(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);
}
