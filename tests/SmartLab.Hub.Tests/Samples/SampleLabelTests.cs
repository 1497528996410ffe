using System.Buffers.Binary;
using System.Text;
using SkiaSharp;
using SmartLab.Hub.Samples;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace SmartLab.Hub.Tests.Samples;

public sealed class SampleLabelTests
{
    private const byte DarkBelow = 128;

    private static readonly DateTimeOffset Created = new(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(9));

    [Theory]
    [InlineData("S-000045")]
    [InlineData("S-000001")]
    [InlineData("S-999999")]
    [InlineData("S-1234567890")]
    [InlineData("sample/lower-case id 7")]
    public void RenderPng_AnyId_QrCodeScansToExactlyTheId(string sampleId)
    {
        var png = SampleLabel.RenderPng(Content(sampleId));

        Assert.Equal(sampleId, Scan(png));
    }

    [Fact]
    public void RenderPng_TypicalSample_GrayscalePngOfLabelSizeAt300Dpi()
    {
        var png = SampleLabel.RenderPng(Content("S-000045"));

        var chunks = Chunks(png);
        var header = chunks.Single(c => c.Type == "IHDR").Data;
        Assert.Equal(600, BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(8, header[8]); // bit depth
        Assert.Equal(0, header[9]); // colour type: grayscale
        var physical = chunks.Single(c => c.Type == "pHYs").Data;
        Assert.Equal(11811, BinaryPrimitives.ReadInt32BigEndian(physical)); // 300 dpi in pixels per metre
        Assert.Equal(11811, BinaryPrimitives.ReadInt32BigEndian(physical.AsSpan(4)));
        Assert.Equal(1, physical[8]);
        using var image = SKBitmap.Decode(png);
        Assert.Equal((SampleLabel.WidthPx, SampleLabel.HeightPx), (image.Width, image.Height));
    }

    [Fact]
    public void RenderPng_TypicalSample_QuietZoneOfFourWholeModulesAroundCode()
    {
        using var image = SKBitmap.Decode(SampleLabel.RenderPng(Content("S-000045")));
        var pixels = image.Bytes;
        bool Dark(int x, int y) => pixels[(y * image.Width) + x] < DarkBelow;

        // The top-left finder pattern: its first row is 7 dark modules, so its run gives the module size.
        // The search stays in the left third, where no text is printed.
        var (left, top) = FirstDark(image.Width / 3, image.Height, Dark);
        var run = 0;
        while (Dark(left + run, top))
        {
            run++;
        }

        Assert.Equal(0, run % 7);
        var module = run / 7;
        var size = 21 * module; // "S-000045" fits a version 1 symbol: 21 modules
        Assert.True(left >= 4 * module, $"left quiet zone {left} px < 4 modules of {module} px");
        Assert.True(top >= 4 * module, $"top quiet zone {top} px < 4 modules of {module} px");
        Assert.True(image.Height - (top + size) >= 4 * module, "bottom quiet zone under 4 modules");
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = left + size; x < left + size + (4 * module); x++)
            {
                Assert.False(Dark(x, y), $"ink at ({x},{y}) in the quiet zone right of the code");
            }
        }

        // Whole-pixel modules: every module is uniformly dark or light, with no blurred edges.
        for (var y = top; y < top + size; y++)
        {
            for (var x = left; x < left + size; x++)
            {
                Assert.True(pixels[(y * image.Width) + x] is 0 or 255, $"grey pixel at ({x},{y}) inside the code");
            }
        }
    }

    [Fact]
    public void RenderPng_TypicalSample_TextPrintedRightOfCode()
    {
        using var image = SKBitmap.Decode(SampleLabel.RenderPng(Content("S-000045")));
        var pixels = image.Bytes; // a copy on every call: taken once

        var ink = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = image.Width / 2; x < image.Width; x++)
            {
                ink += pixels[(y * image.Width) + x] < DarkBelow ? 1 : 0;
            }
        }

        // Id, name, owner, composition, hazard and date lines leave thousands of dark pixels; no font leaves none.
        Assert.True(ink > 3000, $"only {ink} dark pixels in the text half");
    }

    [Theory]
    [InlineData("long name")]
    [InlineData("many hazards")]
    [InlineData("Japanese")]
    [InlineData("all blank")]
    [InlineData("control characters")]
    [InlineData("emoji and broken UTF-16")]
    public void RenderPng_AwkwardText_RendersAndStillScans(string awkwardness)
    {
        var typical = Content("S-000046");
        var content = awkwardness switch
        {
            "long name" => typical with { Name = string.Concat(Enumerable.Repeat("Annealed LiCoO2 thin film on sapphire ", 60)) },
            "many hazards" => typical with { Hazards = [.. Enumerable.Range(1, 40).Select(i => $"hazard number {i}")] },
            "Japanese" => typical with { Name = "リチウムコバルト酸化物 薄膜 試料", Owner = "山田 太郎", FacilityName = "東北大学 先端材料施設" },
            "all blank" => typical with { Name = "", Owner = "", Composition = null, Hazards = [], FacilityName = "" },
            "control characters" => typical with { Name = "line one\nline two\tthree\u0000", Composition = "   ", Hazards = ["", "  ", "toxic"] },
            "emoji and broken UTF-16" => typical with { Name = "emoji 🧪 and a lone surrogate \ud800 end", Hazards = [new string('x', 5000)] },
            _ => throw new ArgumentOutOfRangeException(nameof(awkwardness), awkwardness, null),
        };

        var png = SampleLabel.RenderPng(content);

        Assert.Equal("S-000046", Scan(png));
    }

    [Fact]
    public void RenderPng_SameContent_SameBytes()
    {
        Assert.Equal(SampleLabel.RenderPng(Content("S-000045")), SampleLabel.RenderPng(Content("S-000045")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void RenderPng_BlankId_ArgumentException(string sampleId)
    {
        var error = Assert.Throws<ArgumentException>(() => SampleLabel.RenderPng(Content(sampleId)));

        Assert.Contains("sample id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderPng_IdTooLongForLabel_ArgumentExceptionNamingId()
    {
        var sampleId = new string('S', 1000);

        var error = Assert.Throws<ArgumentException>(() => SampleLabel.RenderPng(Content(sampleId)));

        Assert.Contains("1000 characters", error.Message, StringComparison.Ordinal);
    }

    private static SampleLabelContent Content(string sampleId) => new(
        sampleId,
        "LiCoO2 thin film, annealed 700 C",
        "yamada",
        "LiCoO2",
        ["flammable", "toxic"],
        Created,
        "Materials Characterization Facility");

    /// <summary>Reads the code the way a scanner would: from the whole label's pixels, text and all.</summary>
    private static string? Scan(byte[] png)
    {
        using var image = SKBitmap.Decode(png);
        Assert.Equal(SKColorType.Gray8, image.ColorType);
        var luminance = new RGBLuminanceSource(image.Bytes, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(luminance)), hints)?.Text;
    }

    private static (int X, int Y) FirstDark(int width, int height, Func<int, int, bool> dark)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (dark(x, y))
                {
                    return (x, y);
                }
            }
        }

        throw new Xunit.Sdk.XunitException("the label has no ink");
    }

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string, byte[])>();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            chunks.Add((Encoding.ASCII.GetString(png, offset + 4, 4), png[(offset + 8)..(offset + 8 + length)]));
            offset += 12 + length;
        }

        return chunks;
    }
}
