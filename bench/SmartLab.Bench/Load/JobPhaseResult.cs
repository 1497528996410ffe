namespace SmartLab.Bench.Load;

/// <summary>
/// What one jobs phase measured on one peer. <see cref="Seconds"/> runs from the first submit to the last completion the
/// peer has durably recorded; <see cref="SubmitSeconds"/> until the last submit was answered. CPU figures are percent of
/// one core; <see cref="OthersOnPeerCorePercent"/> is what other processes took of the peer's core (null when unpinned).
/// </summary>
public sealed record JobPhaseResult(string Phase, string Description, int Jobs, double Seconds, double SubmitSeconds, double? DispatchP50Ms,
    double? DispatchP99Ms, long DispatchedBeforeAnswer, long DuplicateDispatches, double PeerCpuPercent, double? OthersOnPeerCorePercent)
{
    public double JobsPerSecond => Seconds > 0 ? Jobs / Seconds : 0;
}
