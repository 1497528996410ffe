using SmartLab.Hub.Hosting;
using SmartLab.Profiles;
using SmartLab.Storage.LiteDb;

try
{
    await HubApplication.Build(args).RunAsync();
    return 0;
}
catch (Exception ex) when (ex is ProfileLoadException or DataDirectoryLockedException
    || ex.InnerException is ProfileLoadException or DataDirectoryLockedException)
{
    // Configuration problems an operator must fix: say what and where, without a stack trace.
    Console.Error.WriteLine($"SmartLab hub cannot start: {(ex is ProfileLoadException or DataDirectoryLockedException ? ex : ex.InnerException!).Message}");
    return 2;
}
