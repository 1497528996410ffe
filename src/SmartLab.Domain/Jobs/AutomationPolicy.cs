using System.Text.Json;

namespace SmartLab.Domain.Jobs;

/// <summary>
/// What an instrument lets automation accounts do without staff review: jobs whose numeric parameters are inside the
/// declared bounds, up to a daily quota per account, are approved at once; anything else waits for staff.
/// </summary>
public sealed class AutomationPolicy
{
    /// <summary>The instrument this policy belongs to.</summary>
    public string Id { get; set; } = "";
    public bool AutoApprove { get; set; }
    public Dictionary<string, Bound> Bounds { get; set; } = [];
    public int? DailyQuota { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    public sealed class Bound
    {
        public double? Min { get; set; }
        public double? Max { get; set; }
    }

    /// <summary>Null when the parameters may run without review, otherwise why staff must look at them.</summary>
    public string? ReasonForReview(JsonElement parameters, int approvedToday)
    {
        if (!AutoApprove)
        {
            return "the instrument's policy sends automation jobs to staff review";
        }

        if (DailyQuota is { } quota && approvedToday >= quota)
        {
            return $"the daily quota of {quota} auto-approved jobs is used up";
        }

        foreach (var (name, bound) in Bounds)
        {
            if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(name, out var value)
                || value.ValueKind != JsonValueKind.Number)
            {
                continue;
            }

            var number = value.GetDouble();
            if (number < bound.Min || number > bound.Max)
            {
                return $"`{name}` = {number} is outside the bounds [{bound.Min}, {bound.Max}] automation may use without review";
            }
        }

        return null;
    }
}
