using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Measurements;
using SmartLab.Profiles;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

public static class MeasurementsApi
{
    public static IEndpointRouteBuilder MapMeasurementsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/measurements").WithTags("Measurements");
        api.MapGet("/", List).WithName("ListMeasurements");
        api.MapGet("/{id}", Get).WithName("GetMeasurement");
        api.MapGet("/{id}/export", Export).WithName("ExportMeasurement");
        api.MapGet("/{id}/files/{fileId}", File).WithName("GetMeasurementFile");
        return app;
    }

    static IResult List(string? instrumentId, string? sampleId, string? jobId, string? method, DateTimeOffset? from, DateTimeOffset? to,
        string[]? where, bool? complete, int? limit, string? cursor, LiteDbStore store, ClaimsPrincipal user)
    {
        if (Problems.CheckLimit(limit) is { } badLimit)
        {
            return badLimit;
        }

        if (cursor is not null && !IsCursor(cursor))
        {
            return Problems.Invalid("cursor", "invalid_cursor", "`cursor` must be the `nextCursor` of a previous page");
        }

        if (from is not null && to is not null && from >= to)
        {
            return Problems.Invalid("from", "invalid_range", "`from` must be before `to`");
        }

        var conditions = new List<MetadataCondition>();
        foreach (var expression in where ?? [])
        {
            if (!MetadataCondition.TryParse(expression, out var condition, out var problem))
            {
                return Problems.Invalid("where", "invalid_where", problem!);
            }

            if (condition!.Units is { } units && !UnitConversion.TryConvert(1, units, units, out _, out var unitProblem))
            {
                return Problems.Invalid("where", "invalid_where", $"`{expression}`: {unitProblem}");
            }

            conditions.Add(condition);
        }

        var (items, next) = store.QueryMeasurements(new MeasurementQuery
        {
            InstrumentId = instrumentId,
            SampleId = sampleId,
            JobId = jobId,
            Method = method,
            From = from,
            To = to,
            Complete = complete,
            Where = conditions,
            ConvertUnits = ConvertUnits,
            Owner = MeasurementAccess.OwnerFilter(user),
            Limit = limit ?? 50,
            Cursor = cursor,
        });
        return TypedResults.Ok(new Page<MeasurementView>(items.Select(m => ToView(m, withDocument: false)).ToList(), next));
    }

    static double? ConvertUnits(double value, string from, string to) =>
        UnitConversion.TryConvert(value, from, to, out var converted, out _) ? converted : null;

    /// <summary>Cursors are the 38-digit time keys the store hands out.</summary>
    static bool IsCursor(string cursor) => cursor.Length == 38 && cursor.All(char.IsAsciiDigit);

    static IResult Get(string id, LiteDbStore store, TimeProvider time, ClaimsPrincipal user) =>
        Visible(store, id, user, time) is { } m ? TypedResults.Ok(ToView(m, withDocument: true)) : Problems.NotFound($"measurement `{id}`");

    static IResult Export(string id, string? format, LiteDbStore store, TimeProvider time, Feed.DatasetAssembler assembler, ClaimsPrincipal user)
    {
        if (Visible(store, id, user, time) is not { } m)
        {
            return Problems.NotFound($"measurement `{id}`");
        }

        // The hub's own CSV (metadata as `# key: value` lines) stays; the other formats come from the exporters.
        return (format ?? "json") switch
        {
            "csv" => Results.File(Encoding.UTF8.GetBytes(MeasurementCsv.Write(m)), "text/csv", $"{m.Id}.csv"),
            var other => ExportsApi.Measurement(m, other, assembler),
        };
    }

    static IResult File(string id, string fileId, LiteDbStore store, TimeProvider time, ClaimsPrincipal user)
    {
        if (Visible(store, id, user, time) is not { } m || m.Files.FirstOrDefault(f => f.FileId == fileId) is not { } entry)
        {
            return Problems.NotFound($"file `{fileId}` of measurement `{id}`");
        }

        if (!entry.Stored)
        {
            return Problems.Conflict("file_incomplete", $"file `{fileId}` has not been received completely yet");
        }

        var content = new MemoryStream();
        store.CopyFileTo(m.InstrumentId, fileId, content);
        content.Position = 0;
        return Results.File(content, entry.MediaType, entry.Name);
    }

    /// <summary>The measurement if this caller may see it (see <see cref="MeasurementAccess"/>); null answers 404 like a missing one.</summary>
    static MeasurementRecord? Visible(LiteDbStore store, string id, ClaimsPrincipal user, TimeProvider time) =>
        store.GetMeasurement(id) is { } m && MeasurementAccess.CanSee(m, user, time.GetUtcNow()) ? m : null;

    static MeasurementView ToView(MeasurementRecord m, bool withDocument) => new()
    {
        Id = m.Id,
        InstrumentId = m.InstrumentId,
        JobId = m.JobId,
        Attempt = m.Attempt,
        SampleId = m.SampleId,
        Method = m.Method,
        StartedAt = m.StartedAt,
        EndedAt = m.EndedAt,
        ReceivedAt = m.ReceivedAt,
        Profile = m.ProfileId,
        ProfileVersion = m.ProfileVersion,
        Owner = m.Owner,
        Operator = m.Operator,
        Requester = m.Requester,
        OnBehalfOf = m.OnBehalfOf,
        AgentName = m.AgentName,
        AgentVersion = m.AgentVersion,
        Calibration = m.Calibration is { } c ? new MeasurementCalibrationView(c.Id, c.Date) : null,
        Metadata = m.Metadata.ToDictionary(v => v.Path, v => v.Value),
        Parameters = m.Parameters.Select(v => new MeasuredValueView(v.Name, v.Number, v.Text, v.Units)).ToList(),
        Conditions = m.Conditions.Select(v => new MeasuredValueView(v.Name, v.Number, v.Text, v.Units)).ToList(),
        DerivedFrom = m.DerivedFrom,
        DocumentSha256 = m.DocumentSha256.Length > 0 ? m.DocumentSha256 : null,
        Complete = m.Complete,
        Missing = m.Missing,
        EmbargoUntil = m.EmbargoUntil,
        Files = m.Files.Select(f => new MeasurementFileView(f.FileId, f.Name, f.MediaType, f.Size, f.Sha256, f.Stored,
            f.Stored ? $"/api/v1/measurements/{m.Id}/files/{f.FileId}" : null)).ToList(),
        Document = withDocument ? JsonDocument.Parse(m.Document).RootElement.Clone() : null,
    };
}

/// <summary>CSV export: metadata as <c># key: value</c> lines, then one column per one-dimensional data array, headed with its units.</summary>
static class MeasurementCsv
{
    public static string Write(MeasurementRecord m)
    {
        using var document = JsonDocument.Parse(m.Document);
        var root = document.RootElement;
        var csv = new StringBuilder();
        csv.Append("# measurementId: ").AppendLine(m.Id);
        csv.Append("# instrumentId: ").AppendLine(m.InstrumentId);
        csv.Append("# profile: ").AppendLine($"{m.ProfileId}@{m.ProfileVersion}");
        AppendIf(csv, "method", m.Method);
        AppendIf(csv, "sampleId", m.SampleId);
        AppendIf(csv, "jobId", m.JobId);
        AppendIf(csv, "startedAt", m.StartedAt?.ToString("O", CultureInfo.InvariantCulture));
        AppendIf(csv, "endedAt", m.EndedAt?.ToString("O", CultureInfo.InvariantCulture));
        foreach (var section in new[] { "parameters", "conditions" })
        {
            if (root.TryGetProperty(section, out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in values.EnumerateObject())
                {
                    csv.Append("# ").Append(section).Append('.').Append(OneLine(p.Name)).Append(": ").AppendLine(OneLine(p.Value.ToString()));
                }
            }
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return csv.ToString();
        }

        root.TryGetProperty("descriptors", out var descriptors);
        var columns = data.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).ToList();
        foreach (var scalar in data.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Array))
        {
            csv.Append("# data.").Append(OneLine(scalar.Name)).Append(": ").AppendLine(OneLine(scalar.Value.ToString()));
        }

        csv.AppendLine(string.Join(",", columns.Select(c => Quote(Header(c.Name, descriptors)))));
        var arrays = columns.Select(c => c.Value.EnumerateArray().ToList()).ToList();
        var rows = arrays.Count == 0 ? 0 : arrays.Max(a => a.Count);
        for (var i = 0; i < rows; i++)
        {
            csv.AppendLine(string.Join(",", arrays.Select(a => i < a.Count ? Quote(a[i].ToString()) : "")));
        }

        return csv.ToString();
    }

    static string Header(string name, JsonElement descriptors) =>
        descriptors.ValueKind == JsonValueKind.Object && descriptors.TryGetProperty(name, out var d)
            && d.TryGetProperty("units", out var units) && units.GetString() is { Length: > 0 } u
            ? $"{name} [{u}]"
            : name;

    static void AppendIf(StringBuilder csv, string key, string? value)
    {
        if (value is not null)
        {
            csv.Append("# ").Append(key).Append(": ").AppendLine(OneLine(value));
        }
    }

    /// <summary>Metadata comes from agents: a line break in it must not start a row of its own.</summary>
    static string OneLine(string value) => value.ReplaceLineEndings(" ");

    static string Quote(string value)
    {
        // A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
