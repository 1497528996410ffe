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
