using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using SmartLab.Simulators.Furnace;
using SmartLab.Simulators.Imaging;
using SmartLab.Simulators.Sem;
using SmartLab.Simulators.UvVis;

namespace SmartLab.Agent.Tests.Simulators;

public sealed class ModelTests
{
    [Fact]
    public void FurnaceAdvance_StepToSetpoint_FollowsFirstOrderLag()
    {
        var furnace = new FurnaceThermalModel(ambientCelsius: 22, heatingTimeConstantSeconds: 120);

        furnace.SetTarget(500, rampRate: 1e6);
        furnace.Advance(120);
        var afterTau = furnace.Temperature;
        furnace.Advance(240);
        var afterThreeTau = furnace.Temperature;

        Assert.Equal(22 + (478 * (1 - Math.Exp(-1))), afterTau, 1);
        Assert.Equal(22 + (478 * (1 - Math.Exp(-3))), afterThreeTau, 1);
        Assert.True(furnace.HeaterPower > 0);
    }

    [Fact]
    public void FurnaceAdvance_SteadyRamp_LagsByRateTimesTau()
    {
        var furnace = new FurnaceThermalModel(ambientCelsius: 22, heatingTimeConstantSeconds: 120);

        furnace.SetTarget(1000, rampRate: 10);
        furnace.Advance(40 * 60);

        // 10 K/min = 1/6 K/s; lag = rate × τ = 20 K once the transient has died out.
        Assert.Equal(22 + 400, furnace.Setpoint, 3);
        Assert.InRange(furnace.Setpoint - furnace.Temperature, 19.8, 20.2);
    }

    [Fact]
    public void FurnaceAdvance_DoorOpen_HeaterCutAndCoolsTowardAmbient()
    {
        var furnace = new FurnaceThermalModel();
        furnace.SetTarget(600, 1e6);
        furnace.Advance(1200);

        furnace.DoorClosed = false;
        furnace.Advance(300);

        Assert.Equal(0, furnace.HeaterPower);
        Assert.True(furnace.Temperature < 600 * 0.5);
    }

    [Fact]
    public void Absorbance_MethyleneBlue_MaximumInTheVisibleAt664()
    {
        var model = AbsorbanceModel.MethyleneBlue;

        var visible = Enumerable.Range(400, 500).Select(w => (Wavelength: w, A: model.Absorbance(w))).MaxBy(p => p.A);

        Assert.InRange(visible.Wavelength, 660, 668);
        Assert.True(model.Absorbance(800) < 0.01);
    }

    [Fact]
    public void EncodeGray16_Image_IsAValidPng()
    {
        const int width = 7;
        const int height = 3;
        var pixels = Enumerable.Range(0, width * height).Select(i => (ushort)(i * 3000)).ToArray();

        var png = PngEncoder.EncodeGray16(width, height, pixels);

        Assert.Equal([137, 80, 78, 71, 13, 10, 26, 10], png[..8]);
        var chunks = ReadChunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var header = chunks[0].Data;
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(16, header[8]);
        Assert.Equal(0, header[9]);

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        Assert.Equal(height * (1 + (width * 2)), raw.Length);

        // Undo the Sub filter of row 1 and compare with the source pixels.
        var row = raw.AsSpan(1 + (width * 2), 1 + (width * 2));
        Assert.Equal(1, row[0]);
        var bytes = row[1..].ToArray();
        for (var i = 2; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(bytes[i] + bytes[i - 2]);
        }

        Assert.Equal(pixels[width..(2 * width)], Enumerable.Range(0, width).Select(x => BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(x * 2))));
    }

    [Fact]
    public void Render_SecondaryElectrons_ParticleEdgesBrighterThanCentresAndSubstrate()
    {
        var renderer = new SemImageRenderer();
        var frame = new SemFrameSettings(Magnification: 10000, Width: 256, DwellMicroseconds: 50, Detector: "SE",
            AcceleratingVoltage: 5, BeamCurrentPicoamps: 500, StageX: 0, StageY: 0);

        var image = renderer.Render(frame, noiseSeed: 3);

        Assert.Equal(256 * 256, image.Length);
        var sorted = image.Order().ToArray();
        var median = sorted[sorted.Length / 2];
        var brightest = sorted[(int)(sorted.Length * 0.995)];
        Assert.True(brightest > 2.5 * median, $"edges {brightest} vs substrate {median}");
        Assert.Equal(image, renderer.Render(frame, noiseSeed: 3));
    }

    static List<(string Type, byte[] Data)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length).ToArray();
            var crc = new Crc32();
            crc.Append(png.AsSpan(offset + 4, 4 + length));
            Assert.Equal(crc.GetCurrentHashAsUInt32(), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)));
            chunks.Add((type, data));
            offset += 12 + length;
        }

        return chunks;
    }
}
