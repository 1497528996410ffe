using SmartLab.Domain.Jobs;

namespace SmartLab.Hub.Jobs;

/// <summary>A job after a transition (<c>transition</c>) or a progress report (<c>progress</c>).</summary>
public sealed record JobChange(string Kind, JobRecord Job, double? Progress, string? Stage);
