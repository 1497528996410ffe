using SmartLab.Contracts.Protocol;

namespace SmartLab.Messaging.Mqtt.Access;

/// <summary>
/// The per-topic rules of protocol v1: an agent publishes only to its own agent topics and subscribes only to its own
/// hub topics and the hub's state. Anything else, wildcards included, is refused.
/// </summary>
public static class AccessControl
{
    /// <summary>Client id the hub uses for messages it publishes itself (the '$' keeps it out of the instrument id space).</summary>
    public const string HubClientId = "$smartlab-hub";

    /// <summary>
    /// Username prefix of an observer: a staff account watching instruments read-only (dashboards, remote operation
    /// consoles) with its API token as password. Its client id must start with <c>{accountId}.</c>, which no instrument
    /// id can (instrument ids have no dots), so an observer can never take over an instrument's session.
    /// </summary>
    public const string ObserverPrefix = "account:";

    /// <summary>Session item that marks an observer connection.</summary>
    public const string ObserverSessionKey = "smartlab.observer";

    /// <summary>Observers may watch state, telemetry and events of one instrument or of all (<c>+</c>), and the hub's state.</summary>
    public static bool ObserverMaySubscribe(string topicFilter)
    {
        if (topicFilter == Topics.HubState)
        {
            return true;
        }

        const string prefix = ProtocolConstants.TopicRoot + "/instruments/";
        if (!topicFilter.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = topicFilter[prefix.Length..].Split('/');
        return parts.Length == 2
            && (parts[0] == "+" || ProtocolConstants.IsValidInstrumentId(parts[0]))
            && parts[1] is "state" or "telemetry" or "events";
    }

    public static bool MayPublish(string clientId, ParsedTopic topic) =>
        topic.IsAgentTopic && string.Equals(topic.InstrumentId, clientId, StringComparison.Ordinal);

    public static bool MaySubscribe(string clientId, string topicFilter)
    {
        if (topicFilter == Topics.HubState)
        {
            return true;
        }

        var topic = TopicParser.Parse(topicFilter);
        return topic.IsHubToAgentTopic && string.Equals(topic.InstrumentId, clientId, StringComparison.Ordinal);
    }
}
