namespace SmartLab.Hub.Demo;

public sealed partial class DemoService
{
    Task StartSimulatorsAsync(CancellationToken cancellationToken) => Task.FromResult(services.GetHashCode());

    Task StopSimulatorsAsync() => Task.CompletedTask;
}
