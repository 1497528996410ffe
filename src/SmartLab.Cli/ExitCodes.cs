namespace SmartLab.Cli;

/// <summary>
/// What <c>smartlab</c> returns to the shell. Scripts and experiment loops branch on these, so they never change meaning.
/// </summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>jobs watch</c>: the job succeeded or was delivered.</summary>
    public const int Success = 0;

    /// <summary>
    /// The hub refused the request (its problem is printed), a watched job ended failed, aborted, cancelled or rejected,
    /// a download was incomplete or did not match its checksum, an instrument command was refused or failed or its
    /// outcome is unknown (the answer was lost after it was sent), or <c>instruments watch --seconds</c> saw no reading.
    /// </summary>
    public const int Failed = 1;

    /// <summary>
    /// The hub could not be reached, or did not answer in time; the URL is printed. Safe to retry: an instrument command
    /// that may have been sent gets <see cref="Failed"/> instead.
    /// </summary>
    public const int Unreachable = 2;

    /// <summary>Nothing was sent: bad arguments, no token, an unreadable config or job file.</summary>
    public const int Usage = 3;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The table printed at the end of <c>--help</c> and in the README.</summary>
    public static string Describe() =>
        """
        Exit codes:
          0    success (jobs watch: the job succeeded or was delivered)
          1    the hub refused the request, the watched job failed, was aborted, cancelled or rejected,
               a download was incomplete or failed its checksum, an instrument command was refused,
               failed or may or may not have run, or instruments watch --seconds saw no reading
          2    the hub could not be reached or did not answer in time (safe to retry)
          3    nothing was sent: bad arguments, no token, unreadable config or job file
          130  interrupted (Ctrl+C)
        """;
}
