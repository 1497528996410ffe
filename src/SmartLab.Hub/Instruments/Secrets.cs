using System.Security.Cryptography;
using System.Text;

namespace SmartLab.Hub.Instruments;

/// <summary>
/// Random secrets (instrument MQTT passwords, API tokens) and their stored form. Secrets are 256 random bits, so a salted
/// SHA-256 is as strong as a slow password hash here and keeps CONNECT cheap when a thousand instruments reconnect at once.
/// </summary>
public static class Secrets
{
    /// <summary>256 random bits as 64 lower-case hex characters: safe in any shell, URL, config file or command line.</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary><c>sha256$salt$hash</c>, both hex.</summary>
    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"sha256${Convert.ToHexString(salt)}${Convert.ToHexString(Digest(salt, Encoding.UTF8.GetBytes(secret)))}";
    }

    public static bool Verify(string stored, ReadOnlySpan<byte> secret)
    {
        var parts = stored.Split('$');
        if (parts.Length != 3 || parts[0] != "sha256")
        {
            return false;
        }

        var salt = Convert.FromHexString(parts[1]);
        var expected = Convert.FromHexString(parts[2]);
        return CryptographicOperations.FixedTimeEquals(Digest(salt, secret), expected);
    }

    /// <summary>Unsalted SHA-256 of an API token, used as its lookup key.</summary>
    public static string TokenKey(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    static byte[] Digest(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> secret)
    {
        var buffer = new byte[salt.Length + secret.Length];
        salt.CopyTo(buffer);
        secret.CopyTo(buffer.AsSpan(salt.Length));
        return SHA256.HashData(buffer);
    }
}
