namespace SmartLab.Messaging.Mqtt.Tests.Validation;

/// <summary>The checkout the tests run from, found by walking up to SmartLab.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SmartLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SmartLab.sln not found above {AppContext.BaseDirectory}");
    }
}
