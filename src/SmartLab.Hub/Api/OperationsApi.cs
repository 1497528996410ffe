using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Ingest;
using SmartLab.Hub.Instruments;
using SmartLab.Messaging.Mqtt.Transport;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz/live", () => TypedResults.Ok(new { status = "live" })).AllowAnonymous().WithTags("Operations");
        app.MapGet("/healthz/ready", (IHubTransport transport, LiteDbStore store) =>
                !transport.IsReady ? Results.Json(new { status = "not-ready", reason = "MQTT transport not ready" }, statusCode: 503)
                : !store.IsHealthy ? Results.Json(new { status = "not-ready", reason = "store reopening after an I/O failure" }, statusCode: 503)
                : Results.Ok(new { status = "ready" }))
            .AllowAnonymous().WithTags("Operations");
        app.MapGet("/metrics", Metrics).RequireAuthorization(Policies.Staff).WithTags("Operations");
        app.MapGet("/api/v1/audit", Audit).RequireAuthorization(Policies.Staff).WithTags("Operations").WithName("QueryAudit");
        return app;
    }

    /// <summary>The audit log, newest first, as JSON or (<c>format=csv</c>) as CSV for a spreadsheet.</summary>
    static IResult Audit(string? instrumentId, string? actor, DateTimeOffset? from, DateTimeOffset? to, string? format, int? limit, LiteDbStore store)
    {
        if (limit is < 1 or > 100_000)
        {
            return Problems.Invalid("limit", "out_of_range", $"limit = {limit} must be between 1 and 100000");
        }

        var entries = store.QueryAudit(instrumentId, actor, from, to, limit ?? 500);
        switch (format ?? "json")
        {
            case "json":
                return TypedResults.Ok(entries);
            case "csv":
                var csv = new StringBuilder("ts,actor,onBehalfOf,action,instrumentId,target,details\n");
                foreach (var e in entries)
                {
                    csv.AppendJoin(',', new[] { e.Ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), e.Actor, e.OnBehalfOf,
                        e.Action, e.InstrumentId, e.Target, e.Details }.Select(CsvField)).Append('\n');
                }

                return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", "audit.csv");
            default:
                return Problems.Invalid("format", "unsupported_format", $"format `{format}` is not supported (supported: json, csv)");
        }
    }

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed with a quote so spreadsheets do not run it as a formula.</summary>
    static string CsvField(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    static IResult Metrics(InstrumentRegistry registry, IngestStatistics ingest, BrokerStatistics broker, LiteDbStore store, FileAssembler files)
    {
        var text = new StringBuilder();
        void Metric(string name, string type, string help, double value, string labels = "")
        {
            text.Append("# HELP ").Append(name).Append(' ').AppendLine(help);
            text.Append("# TYPE ").Append(name).Append(' ').AppendLine(type);
            text.Append(name).Append(labels).Append(' ').AppendLine(value.ToString(CultureInfo.InvariantCulture));
        }

        var (commits, writes) = store.CommitStatistics;
        Metric("smartlab_instruments_registered", "gauge", "Registered instruments.", registry.Count);
        Metric("smartlab_instruments_online", "gauge", "Instruments whose agent is connected.", registry.All.Count(i => i.Record.Online));
        Metric("smartlab_ingest_messages_total", "counter", "Agent messages received.", ingest.Messages);
        Metric("smartlab_ingest_rejected_total", "counter", "Agent messages refused as bad input.", ingest.Rejected);
        Metric("smartlab_mqtt_refused_connections_total", "counter", "CONNECTs refused.", broker.RefusedConnections);
        Metric("smartlab_mqtt_refused_publishes_total", "counter", "Publishes refused by the ACL.", broker.RefusedPublishes);
        Metric("smartlab_mqtt_refused_subscriptions_total", "counter", "Subscriptions refused by the ACL.", broker.RefusedSubscriptions);
        Metric("smartlab_mqtt_dropped_queued_messages_total", "counter", "Messages dropped from full subscriber queues.", broker.DroppedQueuedMessages);
        Metric("smartlab_store_commits_total", "counter", "Store transactions committed.", commits);
        Metric("smartlab_store_writes_total", "counter", "Writes committed (group commit puts many in one transaction).", writes);
        if (store.WriterCpuTime is { } writerCpu)
        {
            Metric("smartlab_store_writer_cpu_seconds_total", "counter", "CPU time of the store's single writer thread.", writerCpu.TotalSeconds);
        }

        Metric("process_cpu_seconds_total", "counter", "CPU time of the hub process, user and system.", Environment.CpuUsage.TotalTime.TotalSeconds);

        Metric("smartlab_files_staged_bytes", "gauge", "Bytes of incomplete files held in memory.", files.StagedBytes);
        text.AppendLine("# TYPE smartlab_instrument_telemetry_rejected_total counter");
        foreach (var i in registry.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"smartlab_instrument_telemetry_rejected_total{{instrument=\"{i.Record.Id}\"}} {i.TelemetryRejected}\n");
        }

        return Results.Text(text.ToString(), "text/plain; version=0.0.4", Encoding.UTF8);
    }
}
