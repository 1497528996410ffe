using SmartLab.Contracts.Payloads;

namespace SmartLab.Agent.Measurements;

/// <summary>The final answer of the hub about a measurement from the outbox.</summary>
/// <param name="MeasurementId">The measurement.</param>
/// <param name="Stored">True when the measurement and all its files were stored; false when the hub rejected one of them.</param>
/// <param name="RejectedKind">On rejection: <c>measurement</c> or <c>file</c>.</param>
/// <param name="RejectedId">On rejection: the id the hub rejected (the measurement id or a file id).</param>
/// <param name="Error">On rejection: the hub's reason.</param>
public sealed record MeasurementAcknowledgement(
    string MeasurementId,
    bool Stored,
    string? RejectedKind = null,
    string? RejectedId = null,
    ErrorInfo? Error = null);
