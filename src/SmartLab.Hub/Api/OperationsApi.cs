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
        app.MapGet("/api/v1/audit", (string? instrumentId, string? actor, DateTimeOffset? from, DateTimeOffset? to, LiteDbStore store) =>
                TypedResults.Ok(store.QueryAudit(instrumentId, actor, from, to)))
            .RequireAuthorization(Policies.Staff).WithTags("Operations").WithName("QueryAudit");
        return app;
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
        Metric("smartlab_files_staged_bytes", "gauge", "Bytes of incomplete files held in memory.", files.StagedBytes);
        text.AppendLine("# TYPE smartlab_instrument_telemetry_rejected_total counter");
        foreach (var i in registry.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"smartlab_instrument_telemetry_rejected_total{{instrument=\"{i.Record.Id}\"}} {i.TelemetryRejected}\n");
        }

        return Results.Text(text.ToString(), "text/plain; version=0.0.4", Encoding.UTF8);
    }
}
