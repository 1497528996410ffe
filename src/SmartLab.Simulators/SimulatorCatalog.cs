using Microsoft.Extensions.Logging;
using SmartLab.Agent;
using SmartLab.Simulators.Furnace;
using SmartLab.Simulators.Probe;
using SmartLab.Simulators.Sem;
using SmartLab.Simulators.UvVis;
using SmartLab.Simulators.Xrd;

namespace SmartLab.Simulators;

/// <summary>Creates a simulated instrument for a device profile, for the hub's demo mode and for tests.</summary>
public static class SimulatorCatalog
{
    /// <summary>Version of every simulated profile.</summary>
    public const string ProfileVersion = "1.0.0";

    /// <summary>Agent name the simulators report in their birth message.</summary>
    public const string AgentName = "smartlab-sim";

    /// <summary>Profiles with a simulator: <c>xrd-powder</c>, <c>tube-furnace</c>, <c>uv-vis</c>, <c>sem</c>, <c>four-point-probe</c>.</summary>
    public static IReadOnlyList<string> ProfileIds { get; } =
        [XrdSimulator.ProfileId, TubeFurnaceSimulator.ProfileId, UvVisSimulator.ProfileId, SemSimulator.ProfileId, FourPointProbeSimulator.ProfileId];

    /// <summary>
    /// Creates the simulator of <paramref name="profileId"/>. Empty <see cref="AgentOptions.ProfileId"/> and
    /// <see cref="AgentOptions.ProfileVersion"/> are filled in, and the default agent name becomes <c>smartlab-sim</c>;
    /// the caller still sets broker, instrument id, secret and state directory. Start it with
    /// <see cref="InstrumentAgent.RunAsync"/> or <see cref="InstrumentAgent.StartAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown profile, or options naming another profile.</exception>
    public static SimulatorAgent Create(string profileId, AgentOptions options, SimulatorOptions? simulator = null,
        ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ProfileIds.Contains(profileId, StringComparer.Ordinal))
        {
            throw new ArgumentException($"no simulator for profile '{profileId}'; simulators exist for {string.Join(", ", ProfileIds)}", nameof(profileId));
        }

        if (string.IsNullOrWhiteSpace(options.ProfileId))
        {
            options.ProfileId = profileId;
        }
        else if (options.ProfileId != profileId)
        {
            throw new ArgumentException($"the options name profile '{options.ProfileId}' but a '{profileId}' simulator was asked for", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.ProfileVersion))
        {
            options.ProfileVersion = ProfileVersion;
        }

        if (options.AgentName == new AgentOptions().AgentName)
        {
            options.AgentName = AgentName;
        }

        simulator ??= new SimulatorOptions();
        return profileId switch
        {
            XrdSimulator.ProfileId => new XrdSimulator(options, simulator, loggerFactory, timeProvider),
            TubeFurnaceSimulator.ProfileId => new TubeFurnaceSimulator(options, simulator, loggerFactory, timeProvider),
            UvVisSimulator.ProfileId => new UvVisSimulator(options, simulator, loggerFactory, timeProvider),
            FourPointProbeSimulator.ProfileId => new FourPointProbeSimulator(options, simulator, loggerFactory, timeProvider),
            _ => new SemSimulator(options, simulator, loggerFactory, timeProvider),
        };
    }
}
