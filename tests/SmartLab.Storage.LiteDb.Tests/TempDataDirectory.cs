namespace SmartLab.Storage.LiteDb.Tests;

/// <summary>A fresh data folder per test, removed afterwards.</summary>
public sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smartlab-store-" + Guid.NewGuid().ToString("N"));

    public StoreOptions Options => new() { DataDirectory = Path };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
