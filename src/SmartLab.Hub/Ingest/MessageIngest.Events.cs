using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmartLab.Contracts.Json;
using SmartLab.Domain.Accounts;
using SmartLab.Hub.Instruments;

namespace SmartLab.Hub.Ingest;

public sealed partial class MessageIngest
{
    async Task<Rejection?> OnEventAsync(InstrumentRuntime instrument, JsonElement root, CancellationToken cancellationToken)
    {
        var e = root.Deserialize(ProtocolJsonContext.Default.EventPayload)!;
        var level = e.Severity == "alarm" ? LogLevel.Warning : LogLevel.Information;
        logger.Log(level, "Instrument {Instrument} {Severity} {Code}: {Message}", instrument.Record.Id, e.Severity, e.Code, e.Message);

        // Instrument events join the audit trail: staff reviewing an incident see alarms beside the actions around them.
        await store.AppendAuditAsync(new AuditEntry
        {
            Ts = e.Ts,
            Actor = "instrument:" + instrument.Record.Id,
            Action = "event." + e.Severity,
            InstrumentId = instrument.Record.Id,
            Target = e.JobId,
            Details = e.Message is null ? e.Code : $"{e.Code}: {e.Message}",
        }, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
