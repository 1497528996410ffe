using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SmartLab.Bench.Load;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>
/// What no broker or store can beat on this machine, measured in the same run: a 64-byte TCP round trip over loopback
/// between the two cores, and a 4 KiB append plus fsync in the data folder's file system.
/// </summary>
public sealed class FloorsBenchmark : IBenchmark
{
    public string Name => "floors";

    public string Description => "loopback TCP round trip (64 B) and fsync latency of the data folder's disk";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        context.Report.Floors.Add(await LoopbackAsync(context).ConfigureAwait(false));
        context.Report.Floors.Add(Fsync(context));
    }

    static async Task<RunFigures> LoopbackAsync(BenchContext context)
    {
        var port = RepoPaths.FreePort();
        using var server = ChildProcess.Start("echo server",
            context.Pinning.PeerStartInfo("dotnet", [RepoPaths.BenchDll, "peer-echo", "--port", port.ToString(CultureInfo.InvariantCulture)]),
            Path.Combine(context.WorkDirectory, "echo.log"));
        await server.WaitForLineAsync(l => l.StartsWith("listening", StringComparison.Ordinal), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(IPAddress.Loopback, port);
        var message = new byte[EchoServer.MessageBytes];
        var reply = new byte[EchoServer.MessageBytes];
        void RoundTrip()
        {
            socket.Send(message);
            var read = 0;
            while (read < reply.Length)
            {
                read += socket.Receive(reply, read, reply.Length - read, SocketFlags.None);
            }
        }

        for (var i = 0; i < 2000; i++)
        {
            RoundTrip();
        }

        var histogram = new LatencyHistogram();
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(context.Settings.PingSeconds * Stopwatch.Frequency);
        long count = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            var t = Stopwatch.GetTimestamp();
            RoundTrip();
            histogram.RecordTicks(Stopwatch.GetTimestamp() - t);
            count++;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var figures = new RunFigures
        {
            Benchmark = "floors", Peer = "loopback TCP round trip, 64 B", Phase = "ping-pong", Unit = "round trips/s",
            Rate = count / seconds, P50Ms = histogram.PercentileMs(0.5), P99Ms = histogram.PercentileMs(0.99), WindowSeconds = seconds,
            Note = "one connection, echo server in its own process on the peer core",
        };
        BenchContext.Log(FormattableString.Invariant($"floor: loopback round trip p50 {figures.P50Ms:0.000} ms, p99 {figures.P99Ms:0.000} ms"));
        return figures;
    }

    static RunFigures Fsync(BenchContext context)
    {
        var path = Path.Combine(context.WorkDirectory, "fsync-floor.bin");
        var block = new byte[4096];
        Random.Shared.NextBytes(block);
        var histogram = new LatencyHistogram();
        var started = Stopwatch.GetTimestamp();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            for (var i = 0; i < context.Settings.Fsyncs; i++)
            {
                var t = Stopwatch.GetTimestamp();
                file.Write(block);
                file.Flush(flushToDisk: true);
                histogram.RecordTicks(Stopwatch.GetTimestamp() - t);
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        File.Delete(path);
        var figures = new RunFigures
        {
            Benchmark = "floors", Peer = "fsync, 4 KiB append", Phase = "write + fsync", Unit = "fsyncs/s",
            Rate = context.Settings.Fsyncs / seconds, P50Ms = histogram.PercentileMs(0.5), P99Ms = histogram.PercentileMs(0.99),
            WindowSeconds = seconds, Note = $"in {context.Report.Environment.DataFileSystem}",
        };
        BenchContext.Log(FormattableString.Invariant($"floor: fsync p50 {figures.P50Ms:0.000} ms, p99 {figures.P99Ms:0.000} ms"));
        return figures;
    }
}
