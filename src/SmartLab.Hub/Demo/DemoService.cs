using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartLab.Domain.Accounts;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Hosting;

namespace SmartLab.Hub.Demo;

/// <summary>
/// Demo mode: accounts for every role (tokens written to <c>&lt;DataDirectory&gt;/demo-tokens.json</c>) and one simulated
/// instrument per shipped profile, connected to the hub's own broker like any real agent.
/// </summary>
public sealed partial class DemoService(
    AccountService accounts,
    IOptions<HubOptions> hubOptions,
    IServiceProvider services,
    ILogger<DemoService> logger) : IHostedLifecycleService
{
    static readonly (string Id, string Role, string Name)[] DemoAccounts =
    [
        ("admin", Roles.Admin, "Demo administrator"),
        ("staff", Roles.Staff, "Demo technical staff"),
        ("staff2", Roles.Staff, "Second demo staff member"),
        ("alice", Roles.User, "Alice (external user)"),
        ("bob", Roles.User, "Bob (external user)"),
        ("loop", Roles.Automation, "Closed-loop optimiser"),
    ];

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var tokens = new Dictionary<string, string>();
        foreach (var (id, role, name) in DemoAccounts)
        {
            tokens[id] = await accounts.IssueAsync(id, role, name, cancellationToken, onBehalfOf: role == Roles.Automation ? "alice" : null);
        }

        var path = Path.Combine(hubOptions.Value.DataDirectory, "demo-tokens.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(tokens, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        // The demo re-keys the admin account, so the admin-token file follows; both hold secrets, both are the hub user's only.
        var adminToken = Path.Combine(hubOptions.Value.DataDirectory, "admin-token");
        await File.WriteAllTextAsync(adminToken, tokens["admin"] + Environment.NewLine, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(adminToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        logger.LogWarning("Demo accounts' tokens written to {Path}", Path.GetFullPath(path));
        await StartSimulatorsAsync(cancellationToken);
        logger.LogWarning("Demo running: open the page with the staff token: /#token={Token}", tokens["staff"]);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => StopSimulatorsAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
