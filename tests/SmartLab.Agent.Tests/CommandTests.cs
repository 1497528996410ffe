using System.Text;
using SmartLab.Agent.Commands;
using SmartLab.Agent.Tests.Infrastructure;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent.Tests;

public sealed class CommandTests
{
    [Fact]
    public async Task Command_Registered_CompletedOnReplyToWithCorrelationData()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Agent.AddCommand("setTubePower", (c, _) => Task.FromResult(CommandResult.Completed(
            new Dictionary<string, object?> { ["voltage"] = c.Parameters.GetDouble("voltage"), ["by"] = c.IssuedBy })));

        await SendAsync(h, "C1", "setTubePower", """{"voltage":40,"current":30}""", correlate: true);

        var reply = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id));
        var payload = ProtocolJson.Deserialize<CommandReply>(reply.Payload)!;
        Assert.Equal("C1", payload.CommandId);
        Assert.Equal("completed", payload.Status);
        Assert.Equal(40, payload.Result!.Value.GetProperty("voltage").GetDouble());
        Assert.Equal("staff:tanaka", payload.Result!.Value.GetProperty("by").GetString());
        Assert.Null(payload.Error);
        Assert.Equal("C1", Encoding.UTF8.GetString(reply.CorrelationData!));
        Assert.Equal(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, reply.Qos);
    }

    [Fact]
    public async Task Command_SameIdTwice_AnsweredWithFirstOutcomeAndRunOnce()
    {
        await using var h = await AgentHarness.StartAsync();
        var calls = 0;
        h.Agent.AddCommand("openShutter", (_, _) =>
        {
            var n = Interlocked.Increment(ref calls);
            return Task.FromResult(CommandResult.Completed(new Dictionary<string, object?> { ["call"] = n }));
        });

        await SendAsync(h, "DUP-1", "openShutter", "{}");
        var first = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id));
        await SendAsync(h, "DUP-1", "openShutter", "{}");
        var second = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id), after: first.Index);

        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.Equal("completed", second.Str("status"));
        Assert.Equal(1, second.Json.GetProperty("result").GetProperty("call").GetInt32());
        Assert.Equal(first.Json.GetRawText(), second.Json.GetRawText());
    }

    [Fact]
    public async Task Command_RepeatWhileFirstStillRuns_WaitsAndAnswersWithoutActingTwice()
    {
        await using var h = await AgentHarness.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        h.Agent.AddCommand("slow", async (_, _) =>
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return CommandResult.Completed();
        });

        await SendAsync(h, "SLOW-1", "slow", "{}");
        await Eventually.TrueAsync(() => Volatile.Read(ref calls) == 1, "the first run to start");
        await SendAsync(h, "SLOW-1", "slow", "{}");
        release.SetResult();

        await Eventually.TrueAsync(() => h.Hub.Messages.Count(m => m.Topic == Topics.Replies(h.Id)) == 2, "two replies");
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.All(h.Hub.Messages.Where(m => m.Topic == Topics.Replies(h.Id)), m => Assert.Equal("completed", m.Str("status")));
    }

    [Fact]
    public async Task Command_Unknown_Rejected()
    {
        await using var h = await AgentHarness.StartAsync();

        await SendAsync(h, "U1", "selfDestruct", "{}");

        var reply = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id));
        Assert.Equal("rejected", reply.Str("status"));
        Assert.Equal("UNKNOWN_COMMAND", reply.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Command_HandlerThrows_Failed()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Agent.AddCommand("broken", (_, _) => throw new InvalidOperationException("the generator does not answer"));

        await SendAsync(h, "F1", "broken", "{}");

        var reply = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id));
        Assert.Equal("failed", reply.Str("status"));
        var error = reply.Json.GetProperty("error");
        Assert.Equal("COMMAND_FAILED", error.GetProperty("code").GetString());
        Assert.Contains("the generator does not answer", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Command_DeadlinePassed_RejectedWithoutCallingHandler()
    {
        await using var h = await AgentHarness.StartAsync();
        var called = false;
        h.Agent.AddCommand("late", (_, _) =>
        {
            called = true;
            return Task.FromResult(CommandResult.Completed());
        });

        await SendAsync(h, "L1", "late", "{}", deadline: TimeProvider.System.GetUtcNow().AddMinutes(-1));

        var reply = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id));
        Assert.Equal("rejected", reply.Str("status"));
        Assert.Equal("DEADLINE_EXPIRED", reply.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.False(called);
    }

    [Fact]
    public async Task Command_ParameterOutOfRange_RejectedWithActionableMessage()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Agent.AddCommand("setTubePower", (c, _) =>
        {
            c.Parameters.GetDouble("voltage", 0, 60, "kV");
            return Task.FromResult(CommandResult.Completed());
        });

        await SendAsync(h, "P1", "setTubePower", """{"voltage":75}""");

        var reply = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id));
        Assert.Equal("rejected", reply.Str("status"));
        var error = reply.Json.GetProperty("error");
        Assert.Equal("INVALID_PARAMETER", error.GetProperty("code").GetString());
        Assert.Equal("parameter `voltage` = 75 kV is above the maximum 60 kV of command `setTubePower`", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Command_LocalControl_RejectedUnlessAllowedInLocalMode()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Agent.AddCommand("openShutter", (_, _) => Task.FromResult(CommandResult.Completed()));
        h.Agent.AddCommand("emergencyStop", (_, _) => Task.FromResult(CommandResult.Completed()), allowedInLocalMode: true);
        await h.Agent.SetStatusAsync(InstrumentStatus.Local);

        await SendAsync(h, "LC1", "openShutter", "{}");
        await SendAsync(h, "LC2", "emergencyStop", "{}");

        var refused = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id), m => m.Str("commandId") == "LC1");
        var allowed = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id), m => m.Str("commandId") == "LC2");
        Assert.Equal("LOCAL_CONTROL", refused.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("completed", allowed.Str("status"));
    }

    [Fact]
    public async Task Command_Mqtt311_AnsweredOnReplyToFromPayload()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Protocol = MqttProtocol.Mqtt311);
        h.Agent.AddCommand("ping", (_, _) => Task.FromResult(CommandResult.Completed()));

        await SendAsync(h, "V3", "ping", "{}");

        var reply = await h.Hub.WaitForTopicAsync(Topics.Replies(h.Id));
        Assert.Equal("completed", reply.Str("status"));
        Assert.Equal("V3", reply.Str("commandId"));
    }

    static Task SendAsync(AgentHarness h, string commandId, string name, string parametersJson, bool correlate = false, DateTimeOffset? deadline = null)
    {
        var deadlineJson = deadline is { } d ? $",\"deadline\":\"{Rfc3339TimestampConverter.ToWire(d)}\"" : "";
        var json = $$"""{"v":1,"commandId":"{{commandId}}","name":"{{name}}","parameters":{{parametersJson}},"issuedBy":"staff:tanaka","replyTo":"{{Topics.Replies(h.Id)}}"{{deadlineJson}}}""";
        return h.Hub.PublishRawAsync(Topics.Commands(h.Id), json,
            correlationData: correlate ? Encoding.UTF8.GetBytes(commandId) : null,
            responseTopic: correlate ? Topics.Replies(h.Id) : null);
    }
}
