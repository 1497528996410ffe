using SmartLab.Cli.Internal;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SmartLab.Cli.Configuration;

/// <summary>
/// The user's config file (YAML): <c>url</c>, and the token either inline (<c>token</c>) or in a file of its own
/// (<c>tokenFile</c>, relative to the config file's folder or starting with <c>~/</c>).
/// </summary>
internal sealed record ConfigFile(string Path, string? Url, string? Token, string? TokenFile)
{
    static readonly string[] Keys = ["url", "token", "tokenFile"];

    public static ConfigFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the config file {path}: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static ConfigFile Parse(string yaml, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new UsageException($"config file {path}, line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new ConfigFile(path, null, null, null);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UsageException($"config file {path} must be a mapping of {string.Join(", ", Keys)}");
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                throw new UsageException($"config file {path}, line {keyNode.Start.Line}: unknown key `{key}` (known: {string.Join(", ", Keys)})");
            }

            if (valueNode is not YamlScalarNode scalar)
            {
                throw new UsageException($"config file {path}, line {valueNode.Start.Line}: `{key}` must be a single value");
            }

            values[key] = string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
        }

        var config = new ConfigFile(path, values.GetValueOrDefault("url"), values.GetValueOrDefault("token"), values.GetValueOrDefault("tokenFile"));
        if (config.Token is not null && config.TokenFile is not null)
        {
            throw new UsageException($"config file {path} sets both `token` and `tokenFile`; keep one");
        }

        return config;
    }
}
