using System.Security.Cryptography;
using System.Text;

namespace SmartLab.Export.Rde;

/// <summary>
/// Ids for the invoice when none is configured: stable, derived from names (the same account always gets the same id),
/// and of the shape RDE's invoice schema asks for, so a package validates; RDE will not recognise them as its own.
/// </summary>
static class RdeIds
{
    /// <summary>56 lowercase hex characters (a SHA-256 prefix) for an account.</summary>
    public static string User(RdeOptions options, string facility, string accountId) =>
        options.UserIds.TryGetValue(accountId, out var configured) ? configured : Hex($"smartlab-user\n{facility}\n{accountId}")[..56];

    /// <summary>A name-based UUID (version 5 layout over SHA-256) for a profile's dataset.</summary>
    public static string Dataset(RdeOptions options, string facility, string profileId)
    {
        if (options.DatasetIds.TryGetValue(profileId, out var configured))
        {
            return configured;
        }

        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"smartlab-dataset\n{facility}\n{profileId}")).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    public static string Instrument(RdeOptions options, string instrumentId) =>
        options.InstrumentIds.TryGetValue(instrumentId, out var configured) ? configured : "";

    static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
