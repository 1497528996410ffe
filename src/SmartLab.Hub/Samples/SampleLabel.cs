using System.Globalization;
using QRCoder;
using SkiaSharp;

namespace SmartLab.Hub.Samples;

/// <summary>What a sample label shows.</summary>
/// <param name="SampleId">Permanent id, for example <c>S-000045</c>: the QR code holds exactly this text.</param>
/// <param name="Name">Sample name; cut with an ellipsis when it does not fit.</param>
/// <param name="Owner">Account that owns the sample.</param>
/// <param name="Composition">Chemical composition, for example <c>LiCoO2</c>; omitted when null or blank.</param>
/// <param name="Hazards">Hazards staff must know before handling it; printed in bold on up to two lines.</param>
/// <param name="CreatedAt">When the sample was registered; printed as a date in its own offset.</param>
/// <param name="FacilityName">Facility the sample is sent to.</param>
public sealed record SampleLabelContent(
    string SampleId,
    string Name,
    string Owner,
    string? Composition,
    IReadOnlyList<string> Hazards,
    DateTimeOffset CreatedAt,
    string FacilityName);

/// <summary>
/// Renders the label staff stick on a sample's container and scan at receipt: a QR code of the sample id on the
/// left, the id and the sample's details in print on the right.
/// </summary>
public static class SampleLabel
{
    /// <summary>Label width in pixels: 2 inches at <see cref="DotsPerInch"/>.</summary>
    public const int WidthPx = 600;

    /// <summary>Label height in pixels: 1 inch at <see cref="DotsPerInch"/>.</summary>
    public const int HeightPx = 300;

    /// <summary>Print resolution recorded in the PNG, matching common thermal label printers.</summary>
    public const int DotsPerInch = 300;

    /// <summary>Blank modules around the symbol that scanners need to find it (the QR standard's minimum).</summary>
    private const int QuietZoneModules = 4;

    /// <summary>0.25 mm at 300 dpi; thinner modules print unreliably on thermal printers.</summary>
    private const int MinModulePx = 3;

    private const float MarginPx = 14;

    private const int MaxHazardLines = 2;

    /// <summary>Renders the label as an 8-bit grayscale PNG of <see cref="WidthPx"/> × <see cref="HeightPx"/> pixels.</summary>
    /// <exception cref="ArgumentException">The sample id is blank or too long for the label's QR code.</exception>
    /// <exception cref="InvalidOperationException">The machine has no TrueType font to print the text with.</exception>
    public static byte[] RenderPng(SampleLabelContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(content.SampleId))
        {
            throw new ArgumentException("A sample label needs the sample id; it was blank.", nameof(content));
        }

        var fonts = LabelFonts.Get();
        using var bitmap = new SKBitmap(new SKImageInfo(WidthPx, HeightPx, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            var textLeft = DrawQrCode(canvas, content.SampleId);
            DrawText(canvas, fonts, content, textLeft, WidthPx - MarginPx);
        }

        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return LabelPng.WithResolution(png.AsSpan(), DotsPerInch);
    }

    /// <summary>Draws the code, quiet zone included, flush left and centred vertically; answers the x where it ends.</summary>
    private static int DrawQrCode(SKCanvas canvas, string sampleId)
    {
        using var generator = new QRCodeGenerator();
        // Q recovers from about a quarter of the symbol being scuffed or smudged, which labels in a lab often are.
        using var code = generator.CreateQrCode(sampleId, QRCodeGenerator.ECCLevel.Q);

        // The library pads its matrix with a quiet zone of its own; the symbol's size follows from the version,
        // so the quiet zone below is this label's and not an accident of the library's defaults.
        var symbolModules = 17 + (4 * code.Version);
        var padding = (code.ModuleMatrix.Count - symbolModules) / 2;
        var totalModules = symbolModules + (2 * QuietZoneModules);
        var modulePx = HeightPx / totalModules;
        if (modulePx < MinModulePx)
        {
            throw new ArgumentException(
                $"Sample id '{sampleId}' ({sampleId.Length} characters) needs a QR code of {symbolModules} modules, which does "
                + $"not fit a {HeightPx} px label at {MinModulePx} px per module.", nameof(sampleId));
        }

        var origin = QuietZoneModules * modulePx;
        var top = ((HeightPx - (totalModules * modulePx)) / 2) + origin;
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = false, Style = SKPaintStyle.Fill };
        for (var row = 0; row < symbolModules; row++)
        {
            var bits = code.ModuleMatrix[row + padding];
            for (var column = 0; column < symbolModules; column++)
            {
                if (bits[column + padding])
                {
                    canvas.DrawRect(origin + (column * modulePx), top + (row * modulePx), modulePx, modulePx, ink);
                }
            }
        }

        return totalModules * modulePx;
    }

    private static void DrawText(SKCanvas canvas, LabelFonts fonts, SampleLabelContent content, float left, float right)
    {
        var width = right - left;
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        // The id is what staff read and type when a scan fails, so it shrinks rather than being cut.
        using var id = LabelText.Fitting(fonts, content.SampleId, maxSizePx: 52, minSizePx: 20, width, bold: true);
        using var name = new LabelText(fonts, 30, bold: true);
        using var detail = new LabelText(fonts, 25, bold: false);
        using var hazard = new LabelText(fonts, 25, bold: true);
        using var footer = new LabelText(fonts, 23, bold: false);

        // The footer is pinned to the bottom edge; the other lines flow from the top and stop above it.
        var footerBaseline = HeightPx - MarginPx - footer.Descent;
        var footerTop = footerBaseline - footer.Ascent;
        var date = content.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var footerText = string.IsNullOrWhiteSpace(content.FacilityName) ? date : $"{date} · {content.FacilityName}";
        footer.Draw(canvas, footerText, left, footerBaseline, width, ink);

        var top = MarginPx;
        bool Line(LabelText style, string text)
        {
            var baseline = top + style.Ascent;
            if (baseline + style.Descent > footerTop)
            {
                return false;
            }

            style.Draw(canvas, text, left, baseline, width, ink);
            top += style.LineSpacing;
            return true;
        }

        Line(id, content.SampleId);
        Line(name, content.Name ?? "");
        if (!string.IsNullOrWhiteSpace(content.Owner))
        {
            Line(detail, $"Owner: {content.Owner}");
        }

        if (!string.IsNullOrWhiteSpace(content.Composition))
        {
            Line(detail, content.Composition);
        }

        foreach (var text in HazardLines(content.Hazards, hazard, width))
        {
            if (!Line(hazard, text))
            {
                break;
            }
        }
    }

    /// <summary>
    /// Splits the hazard list between whole items over at most <see cref="MaxHazardLines"/> lines, so that a hazard
    /// is cut (with an ellipsis) only when the list does not fit at all.
    /// </summary>
    private static List<string> HazardLines(IReadOnlyList<string>? hazards, LabelText style, float width)
    {
        var items = (hazards ?? []).Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()).ToList();
        var lines = new List<string>();
        if (items.Count == 0)
        {
            return lines;
        }

        var line = $"HAZARD: {items[0]}";
        foreach (var item in items.Skip(1))
        {
            var longer = $"{line}, {item}";
            if (lines.Count == MaxHazardLines - 1 || style.Width(longer) <= width)
            {
                line = longer;
            }
            else
            {
                lines.Add(line + ",");
                line = item;
            }
        }

        lines.Add(line);
        return lines;
    }
}
