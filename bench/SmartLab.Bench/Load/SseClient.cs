using System.Diagnostics;
using System.Text.Json;

namespace SmartLab.Bench.Load;

/// <summary>
/// One browser-like listener of an instrument's live telemetry (<c>GET /api/v1/instruments/{id}/telemetry</c>, server-sent
/// events): counts the <c>telemetry</c> events it reads and hands each reading's timestamp to the
/// <see cref="SseTelemetrySource"/> for its delivery latency.
/// </summary>
public sealed class SseClient(HttpClient http, string instrumentId, int instrumentIndex, SseTelemetrySource source)
{
    readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _events;
    long _unknown;

    public string InstrumentId => instrumentId;
    public int InstrumentIndex => instrumentIndex;

    /// <summary>Completes when the hub has subscribed this listener (its <c>: connected</c> comment arrived).</summary>
    public Task Connected => _connected.Task;

    public long Events => Interlocked.Read(ref _events);

    /// <summary>Events whose timestamp matches no reading sent (should stay 0).</summary>
    public long Unknown => Interlocked.Read(ref _unknown);

    /// <summary>Reads the stream until <paramref name="cancellationToken"/> ends it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"/api/v1/instruments/{instrumentId}/telemetry", UriKind.Relative),
                HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"telemetry stream of {instrumentId}: HTTP {(int)response.StatusCode}");
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            var telemetry = false;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                var received = Stopwatch.GetTimestamp();
                if (line.StartsWith(": connected", StringComparison.Ordinal))
                {
                    _connected.TrySetResult();
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    telemetry = line.AsSpan(6).Trim().SequenceEqual("telemetry");
                }
                else if (telemetry && line.StartsWith("data:", StringComparison.Ordinal))
                {
                    OnReading(line.AsSpan(5).Trim(), received);
                }
                else if (line.Length == 0)
                {
                    telemetry = false;
                }
            }

            _connected.TrySetException(new IOException($"telemetry stream of {instrumentId} ended"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _connected.TrySetCanceled(cancellationToken);
        }
        catch (Exception ex)
        {
            _connected.TrySetException(ex);
            throw;
        }
    }

    void OnReading(ReadOnlySpan<char> json, long received)
    {
        using var document = JsonDocument.Parse(json.ToString());
        var ts = document.RootElement.GetProperty("ts").GetDateTimeOffset();
        Interlocked.Increment(ref _events);
        if (!source.Delivered(instrumentIndex, ts, received))
        {
            Interlocked.Increment(ref _unknown);
        }
    }
}
