using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartLab.Agent;
using SmartLab.Domain.Instruments;
using SmartLab.Hub.Instruments;
using SmartLab.Messaging.Mqtt;
using SmartLab.Messaging.Mqtt.Transport;
using SmartLab.Simulators;

namespace SmartLab.Hub.Demo;

public sealed partial class DemoService
{
    static readonly (string Id, string Profile, string Name, string Location)[] DemoInstruments =
    [
        ("xrd-01", "xrd-powder", "Powder X-ray diffractometer", "Bldg. 3, room 105"),
        ("furnace-01", "tube-furnace", "Tube furnace", "Bldg. 3, room 110"),
        ("furnace-02", "tube-furnace", "Tube furnace 2", "Bldg. 3, room 110"),
        ("uvvis-01", "uv-vis", "UV-Vis spectrometer", "Bldg. 2, room 204"),
        ("sem-01", "sem", "Scanning electron microscope", "Bldg. 1, room 012"),
        ("probe-01", "four-point-probe", "Four-point probe", "Bldg. 3, room 110"),
        ("probe-02", "four-point-probe", "Four-point probe 2", "Bldg. 3, room 111"),
    ];

    readonly List<SimulatorAgent> _simulators = [];

    async Task StartSimulatorsAsync(CancellationToken cancellationToken)
    {
        var mqtt = services.GetRequiredService<IOptions<MqttOptions>>().Value;
        if (mqtt.Mode != BrokerMode.Embedded)
        {
            logger.LogWarning("Demo simulators need the embedded broker; in external mode register them in the broker yourself");
            return;
        }

        var registry = services.GetRequiredService<InstrumentRegistry>();
        var time = services.GetRequiredService<TimeProvider>();
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var port = services.GetRequiredService<EmbeddedBroker>().Port;
        foreach (var (id, profile, name, location) in DemoInstruments)
        {
            // Secrets are stored hashed, so each demo start issues fresh ones to its own simulators.
            var secret = registry.Find(id) is null
                ? await registry.RegisterAsync(new InstrumentRecord
                {
                    Id = id, ProfileId = profile, DisplayName = name, Location = location, RegisteredAt = time.GetUtcNow(), RegisteredBy = "demo",
                }, cancellationToken)
                : await registry.RotateSecretAsync(id, time.GetUtcNow(), cancellationToken);
            var options = new AgentOptions
            {
                BrokerHost = mqtt.BindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : mqtt.BindAddress,
                BrokerPort = port,
                InstrumentId = id,
                Secret = secret!,
                StateDirectory = Path.Combine(hubOptions.Value.DataDirectory, "demo-agents", id),
            };
            var simulator = SimulatorCatalog.Create(profile, options, new SimulatorOptions { TimeScale = hubOptions.Value.DemoTimeScale },
                loggerFactory, time);
            await simulator.StartAsync(cancellationToken);
            _simulators.Add(simulator);
        }

        await SetDemoPoliciesAsync(cancellationToken);
        logger.LogInformation("Demo simulators started at {Scale}× real time: {Instruments}", hubOptions.Value.DemoTimeScale,
            string.Join(", ", DemoInstruments.Select(i => i.Id)));
    }

    /// <summary>
    /// The demo's automation account may run furnace anneals, UV-Vis spectra, short XRD scans and sheet-resistance
    /// readings in safe ranges without review: enough for a closed anneal-and-measure loop to run unattended.
    /// </summary>
    async Task SetDemoPoliciesAsync(CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<Storage.LiteDb.LiteDbStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var (id, bounds) in new (string, Dictionary<string, Domain.Jobs.AutomationPolicy.Bound>)[]
                 {
                     ("furnace-01", new() { ["temperature"] = new() { Min = 100, Max = 900 }, ["dwell"] = new() { Min = 1, Max = 240 } }),
                     ("furnace-02", new() { ["temperature"] = new() { Min = 100, Max = 900 }, ["dwell"] = new() { Min = 1, Max = 240 } }),
                     ("uvvis-01", []),
                     ("xrd-01", new() { ["dwell"] = new() { Min = 0.01, Max = 2 } }),
                     ("probe-01", []),
                     ("probe-02", []),
                 })
        {
            if (store.GetAutomationPolicy(id) is null)
            {
                await store.SaveAutomationPolicyAsync(new Domain.Jobs.AutomationPolicy
                {
                    Id = id, AutoApprove = true, Bounds = bounds, DailyQuota = 500, UpdatedBy = "demo", UpdatedAt = now,
                }, cancellationToken);
            }
        }
    }

    async Task StopSimulatorsAsync()
    {
        foreach (var simulator in _simulators)
        {
            await simulator.DisposeAsync();
        }

        _simulators.Clear();
    }
}
