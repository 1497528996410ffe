using System.Globalization;
using System.Text;

namespace SmartLab.Agent.Internal;

/// <summary>
/// The birth/death session number, kept on disk so it keeps increasing across restarts of the agent:
/// the hub ignores a will whose session is not the current one.
/// </summary>
sealed class SessionCounter(string path)
{
    readonly Lock _gate = new();

    /// <summary>The last number handed out (0 before the first connection).</summary>
    public long Current
    {
        get
        {
            lock (_gate)
            {
                return Read();
            }
        }
    }

    /// <summary>Increments, persists and returns the new session number.</summary>
    public long Next()
    {
        lock (_gate)
        {
            var next = Read() + 1;
            AtomicFile.WriteAllBytes(path, Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture) + "\n"));
            return next;
        }
    }

    long Read()
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = File.ReadAllText(path).Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new InvalidDataException($"the session counter file {path} holds '{text}', not a number; fix or delete it (deleting restarts sessions at 1)");
    }
}
