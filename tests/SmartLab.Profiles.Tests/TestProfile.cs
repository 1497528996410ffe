namespace SmartLab.Profiles.Tests;

/// <summary>
/// A small valid profile whose line numbers the tests rely on: each test breaks one line and checks that the
/// problem is reported at that line.
/// </summary>
internal static class TestProfile
{
    public const string SourceName = "profiles/test-rig.yaml";

    static readonly string[] Lines =
    [
        /*  1 */ "id: test-rig",
        /*  2 */ "version: 1.0.0",
        /*  3 */ "kind: test",
        /*  4 */ "title: Test rig",
        /*  5 */ "description: A bench power supply used to exercise the profile loader.",
        /*  6 */ "telemetry:",
        /*  7 */ "  - name: voltage",
        /*  8 */ "    type: number",
        /*  9 */ "    unit: V",
        /* 10 */ "    min: 0",
        /* 11 */ "    max: 10",
        /* 12 */ "commands:",
        /* 13 */ "  - name: setVoltage",
        /* 14 */ "    description: Sets the output voltage.",
        /* 15 */ "    safety: staff-only",
        /* 16 */ "    idempotent: true",
        /* 17 */ "    parameters:",
        /* 18 */ "      - name: voltage",
        /* 19 */ "        type: number",
        /* 20 */ "        unit: V",
        /* 21 */ "        min: 0",
        /* 22 */ "        max: 10",
        /* 23 */ "        required: true",
        /* 24 */ "  - name: emergencyStop",
        /* 25 */ "    description: Switches the output off.",
        /* 26 */ "    safety: always-allowed",
        /* 27 */ "    idempotent: true",
        /* 28 */ "methods:",
        /* 29 */ "  - name: sweep",
        /* 30 */ "    description: Steps the voltage from 0 V to the maximum and records the current.",
        /* 31 */ "    estimatedDurationSeconds: 60",
        /* 32 */ "    parameters:",
        /* 33 */ "      - name: step",
        /* 34 */ "        type: number",
        /* 35 */ "        unit: V",
        /* 36 */ "        min: 0.01",
        /* 37 */ "        max: 1",
        /* 38 */ "        default: 0.1",
        /* 39 */ "    outputs:",
        /* 40 */ "      - name: current",
        /* 41 */ "        kind: array",
        /* 42 */ "        dtype: number",
        /* 43 */ "        units: A",
        /* 44 */ "requiredMetadata:",
        /* 45 */ "  - path: instrument.calibration.id",
        /* 46 */ "    description: Last calibration of the voltage read-back.",
    ];

    public static string Valid => Join(Lines);

    /// <summary>The profile with line <paramref name="line"/> (1-based) replaced.</summary>
    public static string WithLine(int line, string text)
    {
        var lines = Lines.ToArray();
        lines[line - 1] = text;
        return Join(lines);
    }

    /// <summary>The profile with <paramref name="text"/> inserted as a new line after line <paramref name="line"/>.</summary>
    public static string WithLineAfter(int line, string text) => Join([.. Lines.Take(line), text, .. Lines.Skip(line)]);

    /// <summary>The profile without line <paramref name="line"/>.</summary>
    public static string WithoutLine(int line) => Join([.. Lines.Take(line - 1), .. Lines.Skip(line)]);

    static string Join(IEnumerable<string> lines) => string.Join('\n', lines) + "\n";
}
