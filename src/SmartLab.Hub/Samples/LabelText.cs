using System.Text;
using SkiaSharp;

namespace SmartLab.Hub.Samples;

/// <summary>One text style of the label: draws single lines cut to a width, switching to the fallback face per character.</summary>
internal sealed class LabelText : IDisposable
{
    /// <summary>Far more than a line of the label holds; bounds the work spent on absurdly long input.</summary>
    private const int MaxRunes = 200;

    private const string Ellipsis = "…";

    private readonly SKFont _font;
    private readonly SKFont? _fallback;

    public LabelText(LabelFonts fonts, float sizePx, bool bold)
    {
        _font = Create(bold ? fonts.Bold ?? fonts.Regular : fonts.Regular, sizePx, emboldened: bold && fonts.Bold is null);
        _fallback = fonts.Fallback is null ? null : Create(fonts.Fallback, sizePx, emboldened: bold);
    }

    /// <summary>
    /// A style at <paramref name="maxSizePx"/>, or smaller if that is what it takes for <paramref name="text"/> to fit
    /// <paramref name="maxWidth"/> whole (down to <paramref name="minSizePx"/>, below which it is cut after all).
    /// </summary>
    public static LabelText Fitting(LabelFonts fonts, string text, float maxSizePx, float minSizePx, float maxWidth, bool bold)
    {
        var size = maxSizePx;
        var style = new LabelText(fonts, size, bold);
        while (size > minSizePx && style.Width(text) > maxWidth)
        {
            // Width grows about linearly with size; the loop absorbs the rounding of hinted glyph advances.
            size = Math.Max(minSizePx, Math.Min(size - 1, MathF.Floor(size * maxWidth / style.Width(text))));
            style.Dispose();
            style = new LabelText(fonts, size, bold);
        }

        return style;
    }

    /// <summary>Distance from the top of a line to its baseline, in pixels.</summary>
    public float Ascent => -_font.Metrics.Ascent;

    /// <summary>Distance from the baseline to the bottom of a line, in pixels.</summary>
    public float Descent => _font.Metrics.Descent;

    /// <summary>Baseline-to-baseline distance, in pixels.</summary>
    public float LineSpacing => _font.Spacing;

    public float Width(string text) => Measure(Glyphs(text));

    /// <summary>Draws <paramref name="text"/> from (x, baseline), ending it with an ellipsis where it would pass maxWidth.</summary>
    public void Draw(SKCanvas canvas, string text, float x, float baseline, float maxWidth, SKPaint paint)
    {
        foreach (var (run, font) in Runs(Fit(Glyphs(text), maxWidth)))
        {
            canvas.DrawText(run, x, baseline, SKTextAlign.Left, font, paint);
            x += font.MeasureText(run);
        }
    }

    public void Dispose()
    {
        _font.Dispose();
        _fallback?.Dispose();
    }

    private static SKFont Create(SKTypeface typeface, float sizePx, bool emboldened) =>
        new(typeface, sizePx) { Embolden = emboldened, Edging = SKFontEdging.Antialias, Subpixel = true };

    /// <summary>Each character with the font that has a glyph for it; one neither font can draw prints as '?'.</summary>
    private List<(string Text, SKFont Font)> Glyphs(string text)
    {
        var glyphs = new List<(string, SKFont)>();
        foreach (var rune in text.Trim().EnumerateRunes().Take(MaxRunes))
        {
            // Line breaks and tabs in user input would otherwise print as boxes.
            var shown = Rune.IsControl(rune) ? new Rune(' ') : rune;
            if (_font.ContainsGlyph(shown.Value))
            {
                glyphs.Add((shown.ToString(), _font));
            }
            else if (_fallback is not null && _fallback.ContainsGlyph(shown.Value))
            {
                glyphs.Add((shown.ToString(), _fallback));
            }
            else
            {
                glyphs.Add(("?", _font));
            }
        }

        return glyphs;
    }

    private List<(string Text, SKFont Font)> Fit(List<(string Text, SKFont Font)> glyphs, float maxWidth)
    {
        if (Measure(glyphs) <= maxWidth)
        {
            return glyphs;
        }

        for (var count = glyphs.Count - 1; count >= 0; count--)
        {
            var cut = glyphs.Take(count).ToList();
            while (cut.Count > 0 && cut[^1].Text == " ")
            {
                cut.RemoveAt(cut.Count - 1);
            }

            cut.Add((Ellipsis, _font));
            if (Measure(cut) <= maxWidth)
            {
                return cut;
            }
        }

        return [];
    }

    private static float Measure(List<(string Text, SKFont Font)> glyphs) =>
        Runs(glyphs).Sum(r => r.Font.MeasureText(r.Text));

    /// <summary>Joins neighbouring characters of the same font, so kerning applies within a run.</summary>
    private static IEnumerable<(string Text, SKFont Font)> Runs(List<(string Text, SKFont Font)> glyphs)
    {
        var run = new StringBuilder();
        SKFont? font = null;
        foreach (var (text, glyphFont) in glyphs)
        {
            if (font is not null && !ReferenceEquals(font, glyphFont))
            {
                yield return (run.ToString(), font);
                run.Clear();
            }

            font = glyphFont;
            run.Append(text);
        }

        if (font is not null)
        {
            yield return (run.ToString(), font);
        }
    }
}
