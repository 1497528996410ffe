namespace SmartLab.Cli.Configuration;

/// <summary>Where the hub is and who the caller is, after the command line, the environment and the config file have been read.</summary>
/// <param name="HubUrl">The hub's base URL, for example <c>http://localhost:5080/</c>.</param>
/// <param name="Token">The API bearer token (64 hex characters).</param>
/// <param name="TokenSource">Where the token came from, for messages (<c>SMARTLAB_TOKEN</c>, a file path).</param>
internal sealed record CliSettings(Uri HubUrl, string Token, string TokenSource);
