using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Http;

internal sealed partial class HubClient
{
    public Task<Page<InstrumentView>> ListInstrumentsAsync(int? limit, string? cursor, CancellationToken cancellationToken) =>
        GetAsync<Page<InstrumentView>>(Api("instruments" + QueryString.Build(("limit", limit), ("cursor", cursor))), cancellationToken);

    public Task<InstrumentView> GetInstrumentAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<InstrumentView>(Api($"instruments/{Segment(id)}"), cancellationToken);

    public Task<ProfileView> GetProfileAsync(string id, string? version, CancellationToken cancellationToken) =>
        GetAsync<ProfileView>(Api($"profiles/{Segment(id)}" + QueryString.Build(("version", version))), cancellationToken);

    /// <summary>
    /// The instrument's live readings, as they arrive, until the hub ends the stream. A broken connection surfaces as
    /// <see cref="HubUnreachableException"/>; the caller decides whether to reconnect.
    /// </summary>
    public async IAsyncEnumerable<LastTelemetry> WatchTelemetryAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in StreamEventsAsync($"instruments/{Segment(id)}/telemetry", "telemetry stream", cancellationToken))
        {
            if (item.EventType != "telemetry")
            {
                continue;
            }

            LastTelemetry? reading;
            try
            {
                reading = JsonSerializer.Deserialize<LastTelemetry>(item.Data, CliJson.Options);
            }
            catch (JsonException e)
            {
                throw NotSmartLab(e);
            }

            if (reading?.Values is not null)
            {
                yield return reading;
            }
        }
    }
}
