namespace SmartLab.Simulators.Sem;

/// <summary>
/// Renders SEM frames of a fixed specimen: gold-like particles (log-normal radii, median 0.35 µm) and larger
/// agglomerates scattered on a flat silicon substrate, placed by position on the stage so that neighbouring frames
/// and zoom levels agree. SE contrast follows the secant law (bright edges, capped lower at high kV); BSE contrast
/// is compositional (heavy particles bright, slightly thickness-dependent). Shot noise follows the electron dose.
/// </summary>
public sealed class SemImageRenderer
{
    const double FineCellMicrometres = 4;
    const double CoarseCellMicrometres = 200;
    const long MaxCells = 400_000;
    const double ElectronsPerPicoampMicrosecond = 6.2415;

    readonly int _specimenSeed;

    /// <summary>Creates a renderer; the seed fixes where particles lie on the specimen.</summary>
    public SemImageRenderer(int specimenSeed = 20261129) => _specimenSeed = specimenSeed;

    /// <summary>Renders a square 16-bit frame (row-major, top row first); <paramref name="noiseSeed"/> fixes the shot noise.</summary>
    public ushort[] Render(SemFrameSettings frame, int noiseSeed)
    {
        var n = frame.Width;
        var pixel = frame.FieldOfViewMicrometres / n;
        var secondary = frame.Detector == "SE";
        var substrate = secondary ? 0.30 : 0.22;
        var signal = new float[n * n];
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                // SE detector sits to the left: a gentle shading across the frame.
                signal[(y * n) + x] = (float)(substrate * (secondary ? 1.04 - (0.08 * x / n) : 1));
            }
        }

        var originX = (frame.StageX * 1000) - (frame.FieldOfViewMicrometres / 2);
        var originY = (frame.StageY * 1000) + (frame.FieldOfViewMicrometres / 2);
        foreach (var (cx, cy, r) in Particles(originX, originY - frame.FieldOfViewMicrometres, frame.FieldOfViewMicrometres))
        {
            Draw(signal, n, pixel, (cx - originX) / pixel, (originY - cy) / pixel, r / pixel, frame, substrate);
        }

        return AddNoise(signal, frame, noiseSeed);
    }

    /// <summary>Particles (centre x, centre y, radius; µm) that may show in the square [x0, x0+size] × [y0, y0+size].</summary>
    IEnumerable<(double X, double Y, double R)> Particles(double x0, double y0, double size)
    {
        foreach (var particle in Layer(x0, y0, size, CoarseCellMicrometres, 1, maxRadius: 60, medianRadius: 25, chance: 0.35))
        {
            yield return particle;
        }

        foreach (var particle in Layer(x0, y0, size, FineCellMicrometres, 2, maxRadius: 1.8, medianRadius: 0.35, chance: 0.8))
        {
            yield return particle;
        }
    }

    IEnumerable<(double X, double Y, double R)> Layer(double x0, double y0, double size, double cell, int salt, double maxRadius,
        double medianRadius, double chance)
    {
        var margin = maxRadius;
        var i0 = (long)Math.Floor((x0 - margin) / cell);
        var i1 = (long)Math.Floor((x0 + size + margin) / cell);
        var j0 = (long)Math.Floor((y0 - margin) / cell);
        var j1 = (long)Math.Floor((y0 + size + margin) / cell);
        if ((i1 - i0 + 1) * (j1 - j0 + 1) > MaxCells)
        {
            // Too small to see at this magnification.
            yield break;
        }

        for (var i = i0; i <= i1; i++)
        {
            for (var j = j0; j <= j1; j++)
            {
                var random = new Random(CellSeed(_specimenSeed, salt, i, j));
                if (random.NextDouble() > chance)
                {
                    continue;
                }

                var count = 1 + random.Next(2);
                for (var k = 0; k < count; k++)
                {
                    var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    var radius = Math.Min(maxRadius, medianRadius * Math.Exp(0.5 * gaussian));
                    yield return ((i + random.NextDouble()) * cell, (j + random.NextDouble()) * cell, radius);
                }
            }
        }
    }

    /// <summary>A seed per grid cell that is the same in every process (unlike <see cref="HashCode"/>), so the specimen never changes.</summary>
    static int CellSeed(int specimen, int salt, long i, long j)
    {
        var x = (ulong)specimen;
        foreach (var part in new[] { (ulong)salt, (ulong)i, (ulong)j })
        {
            // SplitMix64 finaliser over the running value.
            x += 0x9E3779B97F4A7C15UL + part;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
        }

        return (int)(x & int.MaxValue);
    }

    static void Draw(float[] signal, int n, double pixel, double cx, double cy, double radius, SemFrameSettings frame, double substrate)
    {
        var secondary = frame.Detector == "SE";
        if (cx + radius < 0 || cy + radius < 0 || cx - radius >= n || cy - radius >= n)
        {
            return;
        }

        if (radius < 0.5)
        {
            // Smaller than a pixel: it only adds its area share of particle signal to one pixel.
            var px = (int)Math.Floor(cx);
            var py = (int)Math.Floor(cy);
            if (px >= 0 && py >= 0 && px < n && py < n)
            {
                var mean = secondary ? 0.8 : 0.75;
                signal[(py * n) + px] += (float)((mean - substrate) * Math.Min(1, Math.PI * radius * radius));
            }

            return;
        }

        // Higher voltage: electrons penetrate deeper and the edge effect weakens.
        var secantCap = 2 + (2 * (1 - (frame.AcceleratingVoltage / 30)));
        var xStart = Math.Max(0, (int)Math.Floor(cx - radius));
        var xEnd = Math.Min(n - 1, (int)Math.Ceiling(cx + radius));
        var yStart = Math.Max(0, (int)Math.Floor(cy - radius));
        var yEnd = Math.Min(n - 1, (int)Math.Ceiling(cy + radius));
        for (var y = yStart; y <= yEnd; y++)
        {
            for (var x = xStart; x <= xEnd; x++)
            {
                var dx = x + 0.5 - cx;
                var dy = y + 0.5 - cy;
                var rho2 = ((dx * dx) + (dy * dy)) / (radius * radius);
                if (rho2 >= 1)
                {
                    continue;
                }

                var cosTilt = Math.Sqrt(1 - rho2);
                var value = secondary
                    ? 0.42 * Math.Min(secantCap, 1 / Math.Max(cosTilt, 1e-3))
                    : 0.80 * (0.7 + (0.3 * cosTilt));
                var index = (y * n) + x;
                signal[index] = (float)Math.Max(signal[index], value);
            }
        }
    }

    static ushort[] AddNoise(float[] signal, SemFrameSettings frame, int seed)
    {
        var random = new Random(seed);
        var collection = frame.Detector == "SE" ? 0.25 : 0.12;
        var electrons = Math.Max(1, frame.DwellMicroseconds * frame.BeamCurrentPicoamps * ElectronsPerPicoampMicrosecond * collection);
        var image = new ushort[signal.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            var mean = signal[i] * electrons;
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var detected = Math.Max(0, mean + (Math.Sqrt(mean) * gaussian)) / electrons;

            // Brightness and contrast as an operator would set them: substrate dark grey, edges near white.
            var level = Math.Clamp(0.05 + (detected * 0.55), 0, 1);
            image[i] = (ushort)Math.Round(level * ushort.MaxValue);
        }

        return image;
    }
}
