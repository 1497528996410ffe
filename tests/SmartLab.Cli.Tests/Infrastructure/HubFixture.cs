using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Cli.Tests.Infrastructure;

/// <summary>One real hub for a test class, with a user, a staff member and a registered (offline) XRD.</summary>
public sealed class HubFixture : IAsyncLifetime
{
    public const string Instrument = "xrd-cli";

    public TestHub Hub { get; private set; } = null!;

    public string UserToken { get; private set; } = "";

    public string StaffToken { get; private set; } = "";

    public TempFolder Home { get; } = new();

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        UserToken = await Hub.CreateAccountAsync("alice", "user");
        StaffToken = await Hub.CreateAccountAsync("sam", "staff");
        await Hub.RegisterAsync(Instrument, "xrd-powder");
    }

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        Home.Dispose();
    }

    public Dictionary<string, string?> Environment(string token) =>
        CliRunner.IsolatedEnvironment(Home.Path, Hub.BaseAddress.ToString(), token);

    public Task<CliResult> AsUserAsync(params string[] args) => CliRunner.RunAsync(Environment(UserToken), args);

    public Task<CliResult> AsStaffAsync(params string[] args) => CliRunner.RunAsync(Environment(StaffToken), args);
}
