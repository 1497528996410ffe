using SkiaSharp;

namespace SmartLab.Hub.Samples;

/// <summary>
/// The typefaces a label is drawn with, found once per process among the fonts installed on the machine.
/// </summary>
/// <remarks>
/// The hub ships Skia's self-contained native build (no fontconfig), so Skia cannot look fonts up by family name:
/// font files are located here by file name instead. Debian's <c>fonts-dejavu-core</c> is the expected source; a
/// CJK font (for example <c>fonts-noto-cjk</c> or <c>fonts-ipafont-gothic</c>) is used, when installed, for the
/// characters the main font lacks, so Japanese sample names print as written.
/// </remarks>
internal sealed class LabelFonts
{
    private static readonly Lazy<LabelFonts> Installed = new(() => Discover(FontDirectories()), LazyThreadSafetyMode.PublicationOnly);

    private static readonly string[] RegularFiles =
        ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf", "FreeSans.ttf", "arial.ttf", "Arial.ttf"];

    private static readonly string[] BoldFiles =
        ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "NotoSans-Bold.ttf", "FreeSansBold.ttf", "arialbd.ttf", "Arial Bold.ttf"];

    private static readonly string[] FallbackFiles =
    [
        "NotoSansCJK-Regular.ttc", "NotoSansCJKjp-Regular.otf", "NotoSansJP-Regular.otf", "ipagp.ttf", "ipag.ttf",
        "TakaoPGothic.ttf", "DroidSansFallbackFull.ttf", "wqy-microhei.ttc", "wqy-zenhei.ttc", "YuGothM.ttc", "msgothic.ttc",
    ];

    private LabelFonts(SKTypeface regular, SKTypeface? bold, SKTypeface? fallback)
    {
        Regular = regular;
        Bold = bold;
        Fallback = fallback;
    }

    public SKTypeface Regular { get; }

    /// <summary>Null when no bold face is installed: text is then emboldened synthetically.</summary>
    public SKTypeface? Bold { get; }

    /// <summary>Face for characters <see cref="Regular"/> has no glyph for (CJK); null when none is installed.</summary>
    public SKTypeface? Fallback { get; }

    /// <summary>
    /// The fonts of this machine; throws when it has none, since a label without its id in print is useless.
    /// A failed look-up is not remembered, so installing a font package takes effect without a restart.
    /// </summary>
    public static LabelFonts Get() => Installed.Value;

    private static LabelFonts Discover(IReadOnlyList<string> directories)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 6 };
        foreach (var directory in directories.Where(Directory.Exists))
        {
            foreach (var path in Directory.EnumerateFiles(directory, "*", options).Order(StringComparer.Ordinal))
            {
                files.TryAdd(Path.GetFileName(path), path);
            }
        }

        var regular = Load(files, RegularFiles)
            // Any installed TrueType font beats a label without text.
            ?? files.Values.Where(p => p.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)
                .Select(p => SKTypeface.FromFile(p)).FirstOrDefault(t => t is not null && t.GlyphCount > 0)
            ?? throw new InvalidOperationException(
                "Cannot print a sample label: no TrueType font was found under " + string.Join(", ", directories)
                + ". Install a font package such as Debian's fonts-dejavu-core.");
        return new LabelFonts(regular, Load(files, BoldFiles), Load(files, FallbackFiles));
    }

    private static SKTypeface? Load(Dictionary<string, string> files, string[] preferred)
    {
        foreach (var name in preferred)
        {
            // Index 0 of the Noto CJK collection is its Japanese face.
            if (files.TryGetValue(name, out var path) && SKTypeface.FromFile(path, 0) is { GlyphCount: > 0 } typeface)
            {
                return typeface;
            }
        }

        return null;
    }

    private static List<string> FontDirectories()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        List<string> directories = ["/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts"];
        if (home.Length > 0)
        {
            directories.Add(Path.Combine(home, ".local", "share", "fonts"));
            directories.Add(Path.Combine(home, ".fonts"));
        }

        var system = Environment.GetFolderPath(Environment.SpecialFolder.Fonts);
        if (system.Length > 0)
        {
            directories.Add(system);
        }

        return directories;
    }
}
