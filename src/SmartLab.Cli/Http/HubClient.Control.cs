using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Http;

internal sealed partial class HubClient
{
    /// <summary>The header that proves the caller holds an instrument's control lease.</summary>
    public const string LeaseHeader = "X-Lease-Id";

    /// <summary>
    /// A short, stable name for the token in use (the first 16 hex digits of its SHA-256), so state kept on this
    /// machine for one account is never used with another account's token. The token itself cannot be derived from it.
    /// </summary>
    public string TokenFingerprint =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_http.DefaultRequestHeaders.Authorization?.Parameter ?? "")))[..16];

    /// <summary>
    /// Takes the instrument's control lease; <c>Renewed</c> is true when the caller held it already. Asking again is
    /// harmless (the holder's second request renews), so a network error is retried.
    /// </summary>
    public async Task<(LeaseView Lease, bool Renewed)> AcquireLeaseAsync(string instrument, AcquireLeaseRequest body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Api($"instruments/{Segment(instrument)}/lease")) { Content = JsonContent.Create(body, options: CliJson.Options) },
            repeatable: true, streamBody: false, cancellationToken);
        return (await ReadAsync<LeaseView>(response, cancellationToken), response.StatusCode == HttpStatusCode.OK);
    }

    /// <summary>The instrument's current lease, or null when nobody holds one.</summary>
    public async Task<LeaseView?> GetLeaseAsync(string instrument, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync<LeaseView>(Api($"instruments/{Segment(instrument)}/lease"), cancellationToken);
        }
        catch (HubProblemException e) when (e.Problem.Code == "no_lease")
        {
            return null;
        }
    }

    /// <summary>Extends the lease; the same renewal twice only moves the expiry, so a network error is retried.</summary>
    public async Task<LeaseView> RenewLeaseAsync(string instrument, string leaseId, RenewLeaseRequest body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Api($"instruments/{Segment(instrument)}/lease")) { Content = JsonContent.Create(body, options: CliJson.Options) };
            request.Headers.Add(LeaseHeader, leaseId);
            return request;
        }, repeatable: true, streamBody: false, cancellationToken);
        return await ReadAsync<LeaseView>(response, cancellationToken);
    }

    /// <summary>
    /// Gives the lease back (<paramref name="leaseId"/>), or, for an admin, breaks whoever holds it (null). Not retried:
    /// a second attempt after a lost answer would report a lease that is already gone.
    /// </summary>
    public async Task ReleaseLeaseAsync(string instrument, string? leaseId, CancellationToken cancellationToken)
    {
        var path = Api($"instruments/{Segment(instrument)}/lease" + (leaseId is null ? QueryString.Build(("break", "true")) : ""));
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Delete, path);
            if (leaseId is not null)
            {
                request.Headers.Add(LeaseHeader, leaseId);
            }

            return request;
        }, repeatable: false, streamBody: false, cancellationToken);
    }

    /// <summary>
    /// Runs a command on the instrument and returns the agent's reply. Never retried, whatever happens: a command may
    /// not be idempotent (a relative move, a dose), and only the hub knows whether a lost request reached the agent.
    /// <paramref name="leaseId"/> is sent as <see cref="LeaseHeader"/>; null sends no header (commands the profile
    /// always allows); null <paramref name="parameters"/> sends an empty object.
    /// </summary>
    public async Task<CommandResultView> SendCommandAsync(string instrument, string command, JsonElement? parameters, string? leaseId,
        CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Api($"instruments/{Segment(instrument)}/commands/{Segment(command)}"))
            {
                Content = parameters is { } p ? JsonContent.Create(p, options: CliJson.Options) : new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            if (leaseId is not null)
            {
                request.Headers.Add(LeaseHeader, leaseId);
            }

            return request;
        }, repeatable: false, streamBody: false, cancellationToken);
        return await ReadAsync<CommandResultView>(response, cancellationToken);
    }
}
