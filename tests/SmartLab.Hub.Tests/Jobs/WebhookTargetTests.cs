using System.Net;
using System.Net.Http.Json;
using SmartLab.Hub.Jobs;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>User-supplied webhook URLs must not turn the hub into a door to the facility's internal network.</summary>
public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.7/hook")]
    [InlineData("http://[::1]/hook")]
    public async Task SetWebhook_InternalAddress_RefusedAndNothingStored(string url)
    {
        await using var hub = await TestHub.StartAsync();
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var response = await alice.PutAsJsonAsync("/api/v1/me/webhook", new { url });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("private_webhook_target", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var current = await alice.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/me/webhook");
        Assert.Null((string?)current!["url"]);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void IsPrivate_ClassifiesAddresses(string address, bool expected) =>
        Assert.Equal(expected, WebhookTargets.IsPrivate(IPAddress.Parse(address)));
}
