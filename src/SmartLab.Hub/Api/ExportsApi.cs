using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartLab.Domain.Measurements;
using SmartLab.Export.Csv;
using SmartLab.Export.Json;
using SmartLab.Export.Model;
using SmartLab.Export.Nexus;
using SmartLab.Export.Rde;
using SmartLab.Export.RoCrate;
using SmartLab.Hub.Feed;
using SmartLab.Hub.Jobs;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

/// <summary>
/// Standard-format downloads: a measurement as NeXus, CSV with a JSON sidecar, or JSON; a job's dataset as an RO-Crate or
/// an ARIM RDE registration package. Who may download is decided exactly as for reading the records themselves.
/// </summary>
public static class ExportsApi
{
    public static readonly string[] MeasurementFormats = ["json", "csv", "nexus", "sidecar"];
    public static readonly string[] DatasetFormats = ["rocrate", "rde"];

    /// <summary>The exporters' services and settings (<c>SmartLab:Export:Rde</c>: RDE dataset, user and instrument ids).</summary>
    public static WebApplicationBuilder AddSmartLabExports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RdeOptions>().Bind(builder.Configuration.GetSection("SmartLab:Export:Rde"));
        builder.Services.AddSingleton<DatasetAssembler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/jobs").WithTags("Jobs").MapGet("/{id}/dataset", Dataset).WithName("ExportJobDataset")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        return app;
    }

    /// <summary>One measurement the caller may see, in a format other than the hub's own CSV.</summary>
    public static IResult Measurement(MeasurementRecord m, string format, DatasetAssembler assembler)
    {
        var dataset = assembler.ForMeasurement(m);
        var measurement = dataset.Measurements[0];
        return format switch
        {
            "json" => File(s => new JsonRecordWriter().Write(dataset, measurement, s), "application/json", $"{m.Id}.json"),
            "nexus" => File(s => new NexusWriter().Write(dataset, measurement, s), "application/x-hdf5", $"{m.Id}.nxs"),
            "sidecar" => File(s => new CsvSidecarWriter().Write(dataset, measurement, s), "application/zip", $"{m.Id}-csv.zip"),
            _ => UnknownFormat(format, MeasurementFormats),
        };
    }

    public static IResult UnknownFormat(string? format, IReadOnlyList<string> allowed) =>
        Problems.Invalid("format", "unsupported_format", $"format `{format}` is not supported (supported: {string.Join(", ", allowed)})");

    static IResult Dataset(string id, string? format, LiteDbStore store, DatasetAssembler assembler, TimeProvider time, ClaimsPrincipal user)
    {
        if (format is null || !DatasetFormats.Contains(format))
        {
            return UnknownFormat(format, DatasetFormats);
        }

        if (store.GetJob(id) is not { } job || !JobService.CanSee(Caller.From(user), job))
        {
            return Problems.NotFound($"job `{id}`");
        }

        var now = time.GetUtcNow();
        var measurements = job.MeasurementIds.Select(store.GetMeasurement)
            .Where(m => m is not null && MeasurementAccess.CanSee(m, user, now)).Select(m => m!).ToList();
        if (measurements.Count == 0)
        {
            return Problems.Conflict("dataset_not_ready",
                $"job `{job.Id}` ({job.State}) has no measurements you may see yet: results are released when staff deliver the job");
        }

        var dataset = assembler.ForJob(job, measurements);
        return format == "rde"
            ? File(s => new RdePackageWriter(assembler.Rde).Write(dataset, s), "application/zip", $"{job.Id}-rde.zip")
            : File(s => new RoCrateWriter().Write(dataset, s), "application/zip", $"{job.Id}-rocrate.zip");
    }

    static IResult File(Action<Stream> write, string contentType, string fileName)
    {
        var buffer = new MemoryStream();
        write(buffer);
        buffer.Position = 0;
        return Results.File(buffer, contentType, fileName);
    }
}
