using System.ComponentModel.DataAnnotations;

namespace SmartLab.Hub.Jobs;

/// <summary>Job settings (<c>SmartLab:Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string Section = "SmartLab:Jobs";

    /// <summary>Attempts lost to a vanished agent (will or lease expiry) before the job fails.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Seconds an attempt lives without a status from its agent (agents report at least every third of it).</summary>
    [Range(3, 86400)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often expired leases are looked for.</summary>
    public TimeSpan LeaseCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A user's results wait for staff to deliver them (staff check the data first); automation and staff jobs deliver at once.</summary>
    public bool StaffDeliversUserResults { get; set; } = true;

    /// <summary>Let webhooks reach loopback and private-network addresses (off: user-supplied URLs must not reach internal services).</summary>
    public bool AllowPrivateWebhookTargets { get; set; }

    /// <summary>Most jobs in one batch submit.</summary>
    [Range(1, 10000)]
    public int MaxBatch { get; set; } = 1000;
}
