namespace SmartLab.Messaging.Mqtt.Validation.Internal;

/// <summary>
/// Says in words what each pattern of the protocol schemas asks for; a regular expression is no help to the person
/// who has to fix the message. A test checks that every pattern in the schemas has a phrase here.
/// </summary>
internal static class PatternPhrases
{
    public const string MessageId = "^[A-Za-z0-9_-]{1,64}$";
    public const string Sha256 = "^[0-9a-f]{64}$";
    public const string InstrumentId = "^[a-z0-9][a-z0-9-]{0,62}$";
    public const string SemanticVersion = "^[0-9]+\\.[0-9]+\\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$";
    public const string Timestamp =
        "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?Z$";

    static readonly Dictionary<string, string> Phrases = new(StringComparer.Ordinal)
    {
        [MessageId] = "1 to 64 characters from A-Z, a-z, 0-9, '_' and '-' (a ULID, for example)",
        [Sha256] = "64 lower-case hex characters (the SHA-256 of the file's bytes)",
        [InstrumentId] = "1 to 63 characters from a-z, 0-9 and '-', starting with a letter or digit (such as xrd-powder)",
        [SemanticVersion] = "a semantic version MAJOR.MINOR.PATCH, such as 1.0.0",
        [Timestamp] = "an RFC 3339 UTC timestamp ending in Z, such as 2026-11-29T10:00:00.000Z",
    };

    public static IReadOnlyCollection<string> Known => Phrases.Keys;

    public static string For(string pattern) =>
        Phrases.TryGetValue(pattern, out var phrase) ? phrase : $"a string matching the pattern {pattern}";
}
