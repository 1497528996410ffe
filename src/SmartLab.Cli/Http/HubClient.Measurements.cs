using SmartLab.Cli.Internal;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Http;

internal sealed partial class HubClient
{
    public Task<MeasurementView> GetMeasurementAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<MeasurementView>(Api($"measurements/{Segment(id)}"), cancellationToken);

    /// <summary>The measurement exported as <c>json</c> or <c>csv</c>; the caller reads and disposes the answer.</summary>
    public Task<HttpResponseMessage> OpenExportAsync(string id, string format, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api($"measurements/{Segment(id)}/export" + QueryString.Build(("format", format)))),
            repeatable: true, streamBody: true, cancellationToken);

    /// <summary>
    /// A stored raw file, by the <c>href</c> the measurement lists. The hub gives it from its root (<c>/api/v1/…</c>);
    /// it is resolved against the hub URL so a reverse-proxy prefix is kept.
    /// </summary>
    public Task<HttpResponseMessage> OpenFileAsync(string href, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseAddress, href.StartsWith("/api/", StringComparison.Ordinal) ? href[1..] : href);

        // The bearer token goes with every request: never to a host other than the hub's.
        if (Uri.Compare(url, BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new CliException($"the hub listed a file at {url}, outside {BaseAddress}; not downloaded", ExitCodes.Failed);
        }

        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), repeatable: true, streamBody: true, cancellationToken);
    }

    public Task<AccountView> GetMeAsync(CancellationToken cancellationToken) => GetAsync<AccountView>(Api("me"), cancellationToken);
}
