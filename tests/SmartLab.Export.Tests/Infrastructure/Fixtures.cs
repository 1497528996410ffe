using System.Security.Cryptography;
using System.Text.Json;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Measurements;
using SmartLab.Domain.Profiles;
using SmartLab.Domain.Samples;
using SmartLab.Export.Model;
using SmartLab.Profiles;
using SmartLab.Simulators.Imaging;

namespace SmartLab.Export.Tests.Infrastructure;

/// <summary>Datasets shaped like what the simulators send: an XRD scan (2θ / intensity) and an SEM frame (16-bit PNG).</summary>
public static class Fixtures
{
    public static readonly DateTimeOffset Started = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Embargo = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly double[] TwoTheta = Enumerable.Range(0, 401).Select(i => Math.Round(20 + (i * 0.05), 2)).ToArray();
    public static readonly double[] Intensity = TwoTheta.Select(t => Math.Round(100 + (5000 * Math.Exp(-Math.Pow(t - 31.2, 2) / 0.02)))).ToArray();

    static readonly Lazy<ProfileCatalog> Catalog = new(() => ProfileCatalog.Load(Path.Combine(RepoRoot(), "device-profiles")));

    public static DeviceProfile Profile(string id) => Catalog.Value.Find(id)!;

    public static DatasetExport Xrd(DateTimeOffset? embargo = null)
    {
        var document = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["v"] = 1,
            ["measurementId"] = "01JDXRD0000000000000000001",
            ["jobId"] = "J-000123",
            ["attempt"] = 1,
            ["sampleId"] = "S-000045",
            ["method"] = "theta2theta",
            ["startedAt"] = "2026-11-29T10:00:00.000Z",
            ["endedAt"] = "2026-11-29T10:30:00.000Z",
            ["parameters"] = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 },
            ["conditions"] = new { tubeVoltage = 40.0, tubeCurrent = 30.0, anode = "Cu", wavelength = 1.5406, enclosureTemperature = 24.5 },
            ["descriptors"] = new
            {
                twoTheta = new { dtype = "number", shape = new[] { TwoTheta.Length }, units = "deg" },
                intensity = new { dtype = "number", shape = new[] { Intensity.Length }, units = "{counts}" },
            },
            ["data"] = new { twoTheta = TwoTheta, intensity = Intensity },
            ["instrument"] = new { calibration = new { id = "CAL-2026-11", date = "2026-11-01" }, simulated = true },
        });
        var raw = "scan.raw content"u8.ToArray();
        var record = Record("01JDXRD0000000000000000001", "xrd-01", "xrd-powder", "theta2theta", document, "J-000123");
        record.Files.Add(new MeasurementFile { FileId = "01JEFILE01", Name = "scan.raw", MediaType = "application/octet-stream", Size = raw.Length, Sha256 = Sha(raw), Stored = true });
        return Dataset(record, "xrd-powder", "xrd", [new ExportFile("01JEFILE01", "scan.raw", "application/octet-stream", raw.Length, Sha(raw), raw)], embargo);
    }

    public static DatasetExport Sem()
    {
        const int Width = 32;
        var pixels = new ushort[Width * Width];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (ushort)((i % Width) * 1000 + (i / Width));
        }

        var png = PngEncoder.EncodeGray16(Width, Width, pixels);
        var document = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["v"] = 1,
            ["measurementId"] = "01JDSEM0000000000000000001",
            ["jobId"] = "J-000124",
            ["attempt"] = 1,
            ["sampleId"] = "S-000045",
            ["method"] = "acquireImage",
            ["startedAt"] = "2026-11-29T11:00:00.000Z",
            ["endedAt"] = "2026-11-29T11:02:00.000Z",
            ["parameters"] = new { magnification = 5000, width = Width, dwell = 1, detector = "SE", acceleratingVoltage = 15 },
            ["conditions"] = new { detector = "SE", acceleratingVoltage = 15.0, chamberPressure = 0.001 },
            ["descriptors"] = new
            {
                pixelSize = new { dtype = "number", shape = Array.Empty<int>(), units = "nm" },
                width = new { dtype = "number", shape = Array.Empty<int>(), units = "{px}" },
            },
            ["data"] = new { pixelSize = 12.5, width = Width },
            ["instrument"] = new { calibration = new { id = "CAL-SEM-7", date = "2026-10-01" } },
        });
        var record = Record("01JDSEM0000000000000000001", "sem-01", "sem", "acquireImage", document, "J-000124");
        record.Files.Add(new MeasurementFile { FileId = "01JEPNG001", Name = "sem-J-000124-SE.png", MediaType = "image/png", Size = png.Length, Sha256 = Sha(png), Stored = true });
        var dataset = Dataset(record, "sem", "sem", [new ExportFile("01JEPNG001", "sem-J-000124-SE.png", "image/png", png.Length, Sha(png), png)], null);
        return dataset;
    }

    static MeasurementRecord Record(string id, string instrument, string profile, string method, string document, string jobId) => new()
    {
        Id = id,
        InstrumentId = instrument,
        JobId = jobId,
        Attempt = 1,
        SampleId = "S-000045",
        Method = method,
        StartedAt = Started,
        EndedAt = Started.AddMinutes(30),
        ReceivedAt = Started.AddMinutes(30).AddSeconds(1),
        ProfileId = profile,
        ProfileVersion = "1.0.0",
        Owner = "alice",
        Requester = "alice",
        Operator = "tanaka",
        Document = document,
    };

    static DatasetExport Dataset(MeasurementRecord record, string profileId, string kind, IReadOnlyList<ExportFile> files, DateTimeOffset? embargo)
    {
        var profile = Profile(profileId);
        var job = new JobRecord
        {
            Id = record.JobId!,
            State = JobStates.Delivered,
            InstrumentKind = profileId,
            Instrument = record.InstrumentId,
            Method = record.Method!,
            SampleId = "S-000045",
            Requester = "alice",
            Operator = "tanaka",
            Attempt = 1,
            MeasurementIds = [record.Id],
        };
        job.Created("user:alice", null, Started.AddHours(-2));
        job.Move(JobStates.Approved, "staff:tanaka", null, "parameters fine", Started.AddHours(-1));
        var sample = new SampleRecord { Id = "S-000045", Name = "LiCoO2 pellet #3", Description = "pressed at 5 t", Composition = "LiCoO2", Owner = "alice" };
        var measurement = new MeasurementExport
        {
            Record = record,
            Document = MeasurementDocument.Parse(record.Document, profile),
            Files = files,
            Instrument = new InstrumentInfo
            {
                Id = record.InstrumentId,
                DisplayName = $"{kind.ToUpperInvariant()} in room 101",
                Kind = kind,
                ProfileId = profileId,
                ProfileVersion = "1.0.0",
                ProfileTitle = profile.Title,
                AgentName = "smartlab-sim",
                AgentVersion = "0.1.0",
            },
            EmbargoUntil = embargo,
        };
        return new DatasetExport
        {
            Id = job.Id,
            Job = job,
            Sample = sample,
            Measurements = [measurement],
            Requester = new PersonInfo("alice", "Alice Adams", "user"),
            Operator = new PersonInfo("tanaka", "Tanaka Hiroshi", "staff"),
            FacilityName = "Test facility",
            EmbargoUntil = embargo,
            ExportedAt = Started.AddDays(1),
            ProgramVersion = "0.1.0",
        };
    }

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SmartLab.sln not found above " + AppContext.BaseDirectory);
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"smartlab-export-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
