namespace SmartLab.Export.Nexus;

/// <summary>HDF5 link names from agent-chosen keys: no <c>/</c>, not <c>.</c>, never empty.</summary>
static class NexusNames
{
    public static string Safe(string name)
    {
        var safe = name.Replace('/', '_');
        return safe is "" or "." or ".." ? "_" + safe.Replace('.', '_') : safe;
    }
}
