using Microsoft.Extensions.Options;

namespace SmartLab.Hub.Feed;

/// <summary>Checks the sink list at start, so a typo stops the hub with the sink and the key named.</summary>
public sealed class FeedOptionsValidator : IValidateOptions<FeedOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedOptions options)
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Sinks.Count; i++)
        {
            var sink = options.Sinks[i];
            var where = $"SmartLab:Feed:Sinks:{i}";
            if (sink.Type is not (FolderSink.TypeName or HttpSink.TypeName))
            {
                problems.Add($"{where}:Type = `{sink.Type}` must be `folder` or `http`");
                continue;
            }

            if (!names.Add(sink.EffectiveName))
            {
                problems.Add($"{where}:Name = `{sink.EffectiveName}` is used by another sink; give each sink its own Name");
            }

            if (sink.Type == FolderSink.TypeName && string.IsNullOrWhiteSpace(sink.Path))
            {
                problems.Add($"{where}:Path is required for a folder sink");
            }

            if (sink.Type == HttpSink.TypeName
                && !(Uri.TryCreate(sink.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            {
                problems.Add($"{where}:Url = `{sink.Url}` must be an absolute http or https URL");
            }

            if (sink.Timeout <= TimeSpan.Zero || sink.MaxRetries is < 0 or > 20)
            {
                problems.Add($"{where}: Timeout must be positive and MaxRetries between 0 and 20");
            }
        }

        if (options.RetryBackoff <= TimeSpan.Zero || options.MaxRetryBackoff < options.RetryBackoff || options.PollInterval <= TimeSpan.Zero)
        {
            problems.Add("SmartLab:Feed: RetryBackoff and PollInterval must be positive and MaxRetryBackoff at least RetryBackoff");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
