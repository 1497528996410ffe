using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SmartLab.Bench.Peers;

/// <summary>
/// The SQLite file behind the Quartz peer: a fresh file per run in write-ahead-log mode, whose commits are forced to
/// the device (<c>synchronous=FULL</c>: the log is fsynced at every commit), the durability the hub gives with its
/// fsync per group commit. Quartz creates its tables in it from the SQLite schema script that ships inside the Quartz
/// package (<c>quartz.jobStore.schemaProvisioning = CreateIfMissing</c>).
/// </summary>
public static class QuartzStore
{
    /// <summary>SQLite's value of <c>PRAGMA synchronous</c> for FULL.</summary>
    const long SynchronousFull = 2;

    /// <summary>How the file was set up, for the report.</summary>
    public sealed record Description(string SqliteVersion, string JournalMode, long Synchronous);

    /// <summary>Creates the database file in WAL mode and returns the connection string Quartz uses.</summary>
    public static string Create(string directory)
    {
        var file = Path.Combine(directory, "quartz.db");
        foreach (var stale in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(stale);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();

        // WAL is a property of the file: every connection Quartz opens later uses it.
        var mode = Scalar(connection, "PRAGMA journal_mode=WAL;");
        if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is {mode})");
        }

        return connectionString;
    }

    /// <summary>
    /// What a connection opened like Quartz's sees. <c>synchronous</c> is per connection and Quartz sets nothing, so its
    /// connections have the library's compiled default; the run stops if that is not FULL.
    /// </summary>
    public static Description Describe(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var description = new Description((string)Scalar(connection, "SELECT sqlite_version();")!, (string)Scalar(connection, "PRAGMA journal_mode;")!,
            (long)Scalar(connection, "PRAGMA synchronous;")!);
        if (description.Synchronous != SynchronousFull)
        {
            throw new InvalidOperationException(
                $"SQLite's default synchronous is {description.Synchronous}, not FULL: Quartz's commits would not be forced to disk");
        }

        return description;
    }

    /// <summary>
    /// Waits until the store holds no trigger and no fired-trigger row: every completion of the phase is committed.
    /// Returns the stopwatch ticks when it saw that.
    /// </summary>
    public static async Task<long> WaitDrainedAsync(string connectionString, string tablePrefix)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT (SELECT COUNT(*) FROM {tablePrefix}TRIGGERS) + (SELECT COUNT(*) FROM {tablePrefix}FIRED_TRIGGERS);";
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var left = (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
            if (left == 0)
            {
                return Stopwatch.GetTimestamp();
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"Quartz still holds {left} triggers two minutes after its last job ran");
            }

            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
