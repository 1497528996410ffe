using System.Globalization;
using SmartLab.Domain.Profiles;
using SmartLab.Domain.Validation;

namespace SmartLab.Profiles.Internal;

/// <summary>
/// The checks a JSON Schema cannot express: unique names, <c>min</c> not above <c>max</c>, constraints that fit the
/// type, defaults that the parameter itself would accept, and real UCUM unit codes. Paths follow the order of the
/// lists in the file, so each problem can be pointed at.
/// </summary>
internal static class ProfileRules
{
    public static List<(string Path, string Problem)> Check(DeviceProfile profile)
    {
        var problems = new List<(string, string)>();

        CheckUnique(profile.Telemetry.Select(c => c.Name), "telemetry", "name", "channel", problems);
        for (var i = 0; i < profile.Telemetry.Count; i++)
        {
            var channel = profile.Telemetry[i];
            var path = DocumentPath.Index("telemetry", i);
            var unit = channel.Unit == "1" && channel.Type is ValueKind.Boolean or ValueKind.String ? null : channel.Unit;
            CheckConstraints(path, channel.Type, unit, channel.Min, channel.Max, $"{Word(channel.Type)} channel", problems);
        }

        CheckUnique(profile.Commands.Select(c => c.Name), "commands", "name", "command", problems);
        for (var i = 0; i < profile.Commands.Count; i++)
        {
            var command = profile.Commands[i];
            CheckParameters(DocumentPath.Index("commands", i), command.Parameters, $"command `{command.Name}`", problems);
        }

        CheckUnique(profile.Methods.Select(m => m.Name), "methods", "name", "method", problems);
        for (var i = 0; i < profile.Methods.Count; i++)
        {
            var method = profile.Methods[i];
            var path = DocumentPath.Index("methods", i);
            CheckParameters(path, method.Parameters, $"method `{method.Name}`", problems);
            CheckOutputs(path, method.Outputs, problems);
        }

        CheckUnique(profile.RequiredMetadata.Select(m => m.Path), "requiredMetadata", "path", "metadata path", problems);
        return problems;
    }

    static void CheckParameters(string ownerPath, IReadOnlyList<ParameterDefinition> parameters, string owner,
        List<(string, string)> problems)
    {
        var listPath = DocumentPath.Property(ownerPath, "parameters");
        CheckUnique(parameters.Select(p => p.Name), listPath, "name", "parameter", problems);
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var path = DocumentPath.Index(listPath, i);
            var what = $"{Word(parameter.Type)} parameter";
            CheckConstraints(path, parameter.Type, parameter.Unit, parameter.Min, parameter.Max, what, problems);

            if (parameter.Enum is not null && parameter.Type != ValueKind.String)
            {
                problems.Add((DocumentPath.Property(path, "enum"),
                    $"`enum` applies only to string parameters, not to a {what}; use min and max to limit numbers"));
            }

            if (parameter.Default is not { } value)
            {
                continue;
            }

            var defaultPath = DocumentPath.Property(path, "default");
            if (parameter.Required)
            {
                problems.Add((defaultPath,
                    "a parameter with a default is never missing; remove `required: true` or remove the default"));
            }

            var rejection = ParameterValidator.CheckValue(parameter.Name, parameter.Type, parameter.Unit, parameter.Min,
                parameter.Max, parameter.Enum, value, "default", $"parameter `{parameter.Name}` of {owner}");
            if (rejection is not null)
            {
                problems.Add((defaultPath, rejection.Message));
            }
        }
    }

    /// <summary>Range and unit rules shared by telemetry channels and parameters.</summary>
    static void CheckConstraints(string path, ValueKind type, string? unit, double? min, double? max, string what,
        List<(string, string)> problems)
    {
        var numeric = type is ValueKind.Number or ValueKind.Integer;
        if (!numeric)
        {
            if (min is not null || max is not null)
            {
                problems.Add((DocumentPath.Property(path, min is not null ? "min" : "max"),
                    $"`min` and `max` apply only to numbers, not to a {what}"));
            }

            if (unit is not null)
            {
                problems.Add((DocumentPath.Property(path, "unit"), $"a {what} has no unit; remove `unit`"));
            }

            return;
        }

        if (min is { } lo && max is { } hi && lo > hi)
        {
            problems.Add((DocumentPath.Property(path, "min"), $"min {Format(lo)} is above max {Format(hi)}"));
        }

        if (type == ValueKind.Integer)
        {
            foreach (var (name, bound) in new[] { ("min", min), ("max", max) })
            {
                if (bound is { } b && Math.Floor(b) != b)
                {
                    problems.Add((DocumentPath.Property(path, name), $"{name} {Format(b)} of an integer {what.Split(' ')[^1]} must be a whole number"));
                }
            }
        }

        CheckUnit(DocumentPath.Property(path, "unit"), unit, problems);
    }

    static void CheckOutputs(string methodPath, IReadOnlyList<OutputDescriptor> outputs, List<(string, string)> problems)
    {
        var listPath = DocumentPath.Property(methodPath, "outputs");
        CheckUnique(outputs.Select(o => o.Name), listPath, "name", "output", problems);
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            var path = DocumentPath.Index(listPath, i);
            if (output.Kind == "file")
            {
                foreach (var (name, present) in new[] { ("dtype", output.Dtype is not null), ("units", output.Units is not null) })
                {
                    if (present)
                    {
                        problems.Add((DocumentPath.Property(path, name), $"a file output has no `{name}`; describe the file with `mediaType`"));
                    }
                }
            }
            else if (output.MediaType is not null)
            {
                problems.Add((DocumentPath.Property(path, "mediaType"), $"`mediaType` applies only to file outputs, not to an {output.Kind}"));
            }

            CheckUnit(DocumentPath.Property(path, "units"), output.Units, problems);
        }
    }

    static void CheckUnit(string path, string? unit, List<(string, string)> problems)
    {
        if (unit is not null && UcumUnits.Check(unit) is { } problem)
        {
            problems.Add((path, problem));
        }
    }

    static void CheckUnique(IEnumerable<string> names, string listPath, string field, string what, List<(string, string)> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var name in names)
        {
            if (seen.TryGetValue(name, out var first))
            {
                problems.Add((DocumentPath.Property(DocumentPath.Index(listPath, index), field),
                    $"{what} `{name}` is declared twice (first at {DocumentPath.Index(listPath, first)})"));
            }
            else
            {
                seen[name] = index;
            }

            index++;
        }
    }

    static string Word(ValueKind type) => type switch
    {
        ValueKind.Number => "number",
        ValueKind.Integer => "integer",
        ValueKind.Boolean => "boolean",
        _ => "string",
    };

    static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
