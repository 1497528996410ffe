using System.Security.Cryptography;

namespace SmartLab.Agent;

/// <summary>
/// Creates message ids (measurement, file, command ids) as ULIDs: 26 characters of Crockford base32, sortable by
/// creation time, within the protocol's <c>[A-Za-z0-9_-]{1,64}</c>.
/// </summary>
public static class MessageId
{
    const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new ULID stamped with the current time of <paramref name="timeProvider"/> (default: the system clock).</summary>
    public static string New(TimeProvider? timeProvider = null)
    {
        var milliseconds = (timeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);

        Span<char> text = stackalloc char[26];

        // 48-bit timestamp: 10 characters of 5 bits (the first carries only 3).
        for (var i = 9; i >= 0; i--)
        {
            text[i] = Alphabet[(int)(milliseconds & 31)];
            milliseconds >>= 5;
        }

        // 80 random bits: 16 characters.
        var bits = 0;
        var buffer = 0;
        var position = 10;
        foreach (var b in random)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text[position++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        return new string(text);
    }
}
