namespace SmartLab.Cli.Tests.Infrastructure;

/// <summary>The system clock in UTC, so printed local times are the same on every machine.</summary>
public sealed class UtcTime : TimeProvider
{
    public static UtcTime Instance { get; } = new();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
