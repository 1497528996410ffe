namespace SmartLab.Hub.Feed;

/// <summary>The record lists data that has not arrived yet; the publisher tries again shortly without counting a failure.</summary>
public sealed class FeedRecordNotReadyException(string message) : Exception(message);
