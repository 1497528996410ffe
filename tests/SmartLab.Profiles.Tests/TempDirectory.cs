namespace SmartLab.Profiles.Tests;

/// <summary>A scratch folder for directory-loading tests, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smartlab-profiles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public void CopyShippedProfiles()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.DeviceProfiles, "*.yaml"))
        {
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
