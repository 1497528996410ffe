namespace SmartLab.Profiles;

/// <summary>
/// A profile file could not be loaded. <see cref="Exception.Message"/> lists every problem found, one per line,
/// each as <c>file:line:column (path): problem</c>; the properties describe the first one.
/// </summary>
public sealed class ProfileLoadException : Exception
{
    /// <summary>Most problems listed in the message; the rest are still in <see cref="Problems"/>.</summary>
    const int MaxListed = 20;

    public ProfileLoadException(IReadOnlyList<ProfileProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public ProfileLoadException(ProfileProblem problem, Exception? innerException = null)
        : base(Describe([problem]), innerException)
    {
        Problems = [problem];
    }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<ProfileProblem> Problems { get; }

    /// <summary>The file of the first problem.</summary>
    public string File => Problems[0].File;

    /// <summary>Where the first problem is, for example <c>42:9 (commands[0].parameters[1].max)</c>.</summary>
    public string Location => Problems[0].Location;

    /// <summary>What the first problem is.</summary>
    public string Problem => Problems[0].Problem;

    static string Describe(IReadOnlyList<ProfileProblem> problems)
    {
        if (problems.Count == 0)
        {
            throw new ArgumentException("A profile load failure needs at least one problem.", nameof(problems));
        }

        var lines = problems.Take(MaxListed).Select(p => p.ToString()).ToList();
        if (problems.Count > MaxListed)
        {
            lines.Add($"... and {problems.Count - MaxListed} more problems");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
