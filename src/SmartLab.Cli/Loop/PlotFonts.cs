namespace SmartLab.Cli.Loop;

/// <summary>
/// Font files for plot text. The SkiaSharp native library the CLI ships has no fontconfig, so it finds no system
/// fonts by name; files are looked up by name in the usual font folders and registered with ScottPlot instead.
/// Debian's <c>fonts-dejavu-core</c> is the expected source.
/// </summary>
internal static class PlotFonts
{
    /// <summary>The family name plots use once <see cref="Register"/> found a font.</summary>
    public const string Family = "SmartLab Plot Sans";

    static readonly string[] Regular = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf", "FreeSans.ttf", "Arial.ttf", "arial.ttf"];
    static readonly string[] Bold = ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "NotoSans-Bold.ttf", "FreeSansBold.ttf", "Arial Bold.ttf", "arialbd.ttf"];
    static readonly Lazy<bool> Registered = new(RegisterOnce);

    /// <summary>Registers the fonts once per process; false when no font file was found (plots then have no text).</summary>
    public static bool Register() => Registered.Value;

    static bool RegisterOnce()
    {
        var files = Folders().Where(Directory.Exists)
            .SelectMany(folder => SafeFiles(folder))
            .GroupBy(Path.GetFileName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key!, g => g.First(), StringComparer.Ordinal);
        var regular = Regular.Select(name => files.GetValueOrDefault(name)).FirstOrDefault(path => path is not null);
        if (regular is null)
        {
            return false;
        }

        ScottPlot.Fonts.AddFontFile(Family, regular, bold: false, italic: false);
        var bold = Bold.Select(name => files.GetValueOrDefault(name)).FirstOrDefault(path => path is not null) ?? regular;
        ScottPlot.Fonts.AddFontFile(Family, bold, bold: true, italic: false);
        return true;
    }

    static IEnumerable<string> Folders()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return
        [
            "/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(home, ".local", "share", "fonts"), Path.Combine(home, ".fonts"),
            "/System/Library/Fonts", "/Library/Fonts", Environment.GetFolderPath(Environment.SpecialFolder.Fonts),
        ];
    }

    static IEnumerable<string> SafeFiles(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder, "*.ttf", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive }).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
