using System.ComponentModel.DataAnnotations;

namespace SmartLab.Hub.Feed;

/// <summary>The data platform feed, bound from <c>SmartLab:Feed</c>.</summary>
public sealed class FeedOptions
{
    public const string Section = "SmartLab:Feed";

    /// <summary>Where delivered jobs and finalised standalone measurements go. None: records wait in the outbox.</summary>
    public List<FeedSinkOptions> Sinks { get; set; } = [];

    /// <summary>First pause after a failed delivery; doubled per further failure (with ±20 % jitter). Default 5 s.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest pause between deliveries of a failing record. Default 10 min.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Pause after a sink refused a record outright (a 4xx other than 408/429): an admin's retry comes sooner. Default 1 h.</summary>
    public TimeSpan PermanentFailureBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a delivered job waits for measurements or files still arriving (an agent replaying after a reconnect)
    /// before it is sent without them, listed as missing. Default 10 min.
    /// </summary>
    public TimeSpan DataWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The publisher looks at the outbox at least this often, even without news. Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Records read per pass. Default 100.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;
}

/// <summary>One sink of <see cref="FeedOptions.Sinks"/>.</summary>
public sealed class FeedSinkOptions
{
    /// <summary><c>folder</c> or <c>http</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>Unique name in the admin view and the outbox (default: the type).</summary>
    public string? Name { get; set; }

    /// <summary>Folder sink: the drop folder; a relative path is under the data folder.</summary>
    public string? Path { get; set; }

    /// <summary>HTTP sink: the URL records are POSTed to.</summary>
    public string? Url { get; set; }

    /// <summary>HTTP sink: sent as <c>Authorization: Bearer …</c> when set.</summary>
    public string? Token { get; set; }

    /// <summary>HTTP sink: the limit of one attempt (connect, send, answer). Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>HTTP sink: attempts after the first within one delivery. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>HTTP sink: first pause between attempts, doubled each time, with jitter. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>HTTP sink: a <c>Retry-After</c> up to this long is waited out within the delivery; a longer one ends it and schedules the next. Default 1 min.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>HTTP sink: how long the circuit stays open after half the attempts of 30 s (at least 5) failed. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The name, defaulting to the type.</summary>
    public string EffectiveName => string.IsNullOrWhiteSpace(Name) ? Type : Name;
}
