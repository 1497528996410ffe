namespace SmartLab.Hub.Feed;

/// <summary>A sink could not take a record. <see cref="Permanent"/>: trying again soon will not help (a 4xx answer).</summary>
public sealed class FeedDeliveryException(string message, bool permanent = false, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>The destination asked for this pause (<c>Retry-After</c>), or the circuit breaker is open for it.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
