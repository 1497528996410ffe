using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartLab.Contracts.Api;
using SmartLab.Loop.Optimization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SmartLab.Loop.Runner.Internal;

/// <summary>
/// Turns loop YAML into a <see cref="LoopDefinition"/>, checking everything that can be checked without the hub and
/// naming the line of each problem. Unknown keys are refused: a misspelt <c>inFlight</c> must not silently run one at a time.
/// </summary>
internal sealed partial class LoopFileReader
{
    static readonly string[] RootKeys = ["name", "description", "seed", "budget", "inFlight", "optimizer", "goal", "objective", "space", "steps", "sample", "compare"];
    static readonly string[] ObjectiveKeys = ["step", "output", "reduce"];
    static readonly string[] DimensionKeys = ["name", "type", "min", "max", "unit", "log", "values"];
    static readonly string[] StepKeys = ["name", "instrument", "instrumentKind", "method", "parameters", "priority"];
    static readonly string[] SampleKeys = ["namePrefix", "composition", "description", "hazards"];
    const int MaxBudget = 100_000;

    readonly string _file;

    LoopFileReader(string file) => _file = file;

    [GeneratedRegex(LoopNames.Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex LoopName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex StepName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex DimensionName();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex YamlLocation();

    public static LoopDefinition Read(string text, string file) => new LoopFileReader(file).Read(text);

    LoopDefinition Read(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new LoopDefinitionException(_file, (int)e.Start.Line, "not valid YAML: " + YamlLocation().Replace(e.Message, ""), e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new LoopDefinitionException(_file, 1, "the file is empty; a loop needs name, budget, goal, objective, space and steps");
        }

        if (stream.Documents.Count > 1)
        {
            throw Error(stream.Documents[1].RootNode, "the file holds more than one YAML document; put one loop in each file");
        }

        var root = Mapping(stream.Documents[0].RootNode, "the loop file");
        CheckKeys(root, RootKeys, "the loop");

        var name = Text(Required(root, "name", "the loop's name (it tags every job the loop submits)"), "name");
        if (!LoopName().IsMatch(name))
        {
            throw Error(Get(root, "name")!, $"name `{name}` {LoopNames.Rule}");
        }

        var space = Space(Required(root, "space", "the search space: a list of dimensions"));
        var steps = Steps(Required(root, "steps", "the jobs of one experiment, in order"), space);
        foreach (var dimension in space)
        {
            if (!steps.Any(s => ParameterTemplate.Placeholders(s.Step.Parameters).Any(p => p.Name == dimension.Dimension.Name)))
            {
                throw Error(dimension.Node, $"dimension `{dimension.Dimension.Name}` is not used by any step: give it as a parameter value \"${{{dimension.Dimension.Name}}}\"");
            }
        }

        var budgetNode = Required(root, "budget", "how many experiments to run in all");
        var budget = Integer(budgetNode, "budget", 1, MaxBudget);
        var inFlight = Get(root, "inFlight") is { } inFlightNode ? Integer(inFlightNode, "inFlight", 1, 1000) : 1;
        var optimizer = Get(root, "optimizer") is { } optimizerNode ? Choice(optimizerNode, "optimizer", LoopDefinition.Optimizers) : "bayesian";
        var compare = Get(root, "compare") is { } compareNode ? Compare(compareNode, optimizer) : [];
        var goal = Choice(Required(root, "goal", "minimize or maximize the objective"), "goal", ["minimize", "maximize"]) == "maximize"
            ? Goal.Maximize : Goal.Minimize;
        var seed = Get(root, "seed") is { } seedNode ? Integer(seedNode, "seed", int.MinValue, int.MaxValue) : 0;
        var objective = Objective(Required(root, "objective", "where the experiment's value comes from: { step, output, reduce }"),
            steps.Select(s => s.Step).ToList());

        return new LoopDefinition
        {
            Name = name,
            Description = Get(root, "description") is { } description ? Text(description, "description") : null,
            Seed = seed,
            Budget = budget,
            InFlight = inFlight,
            Optimizer = optimizer,
            Compare = compare,
            Goal = goal,
            Objective = objective,
            Space = space.Select(d => d.Dimension).ToList(),
            Steps = steps.Select(s => s.Step).ToList(),
            Sample = Get(root, "sample") is { } sampleNode ? Sample(sampleNode, name) : new LoopSampleTemplate { NamePrefix = name },
        };
    }

    /// <summary>Other optimizers to run side by side as reference loops: each named once, none the loop's own.</summary>
    List<string> Compare(YamlNode node, string optimizer)
    {
        var names = new List<string>();
        foreach (var item in Sequence(node, "compare").Children)
        {
            var name = Choice(item, "compare", LoopDefinition.Optimizers);
            if (name == optimizer || names.Contains(name))
            {
                throw Error(item, name == optimizer
                    ? $"compare: `{name}` is the loop's own optimizer; list the others to compare it with"
                    : $"compare: `{name}` is listed twice");
            }

            names.Add(name);
        }

        return names;
    }

    List<(LoopDimension Dimension, YamlNode Node)> Space(YamlNode node)
    {
        var list = Sequence(node, "space");
        if (list.Children.Count == 0)
        {
            throw Error(node, "`space` is empty; declare at least one dimension to search");
        }

        var dimensions = new List<(LoopDimension, YamlNode)>();
        foreach (var item in list.Children)
        {
            var map = Mapping(item, "a dimension");
            CheckKeys(map, DimensionKeys, "a dimension");
            var name = Text(Required(map, "name", "the dimension's name, used as ${name} in step parameters"), "name");
            if (!DimensionName().IsMatch(name))
            {
                throw Error(Get(map, "name")!, $"dimension name `{name}` must be a letter or `_` followed by letters, digits or `_`");
            }

            if (dimensions.Any(d => d.Item1.Name == name))
            {
                throw Error(item, $"dimension `{name}` is declared twice");
            }

            var type = Get(map, "type") is { } typeNode
                ? Choice(typeNode, "type", ["continuous", "integer", "categorical"])
                : Get(map, "values") is not null ? "categorical" : "continuous";
            dimensions.Add((type switch
            {
                "categorical" => Categorical(map, name),
                _ => Numeric(map, name, type == "integer"),
            }, item));
        }

        return dimensions;
    }

    LoopDimension Numeric(YamlMappingNode map, string name, bool integer)
    {
        if (Get(map, "values") is { } values)
        {
            throw Error(values, $"dimension `{name}` is {(integer ? "integer" : "continuous")}: it takes `min` and `max`, not `values`");
        }

        var minNode = Required(map, "min", $"the lower bound of `{name}`");
        var maxNode = Required(map, "max", $"the upper bound of `{name}`");
        var min = Number(minNode, "min");
        var max = Number(maxNode, "max");
        if (!(min < max))
        {
            throw Error(maxNode, $"dimension `{name}`: max = {Show(max)} must be greater than min = {Show(min)}");
        }

        if (integer && (min != Math.Floor(min) || max != Math.Floor(max) || min < int.MinValue || max > int.MaxValue))
        {
            throw Error(minNode, $"dimension `{name}` is integer: min and max must be whole numbers");
        }

        var log = Get(map, "log") is { } logNode && Boolean(logNode, "log");
        if (log && (integer || min <= 0))
        {
            throw Error(Get(map, "log")!, integer
                ? $"dimension `{name}`: `log` applies to continuous dimensions only"
                : $"dimension `{name}`: a logarithmic scale needs min > 0 (it is {Show(min)})");
        }

        return new LoopDimension
        {
            Name = name,
            Type = integer ? LoopDimensionType.Integer : LoopDimensionType.Continuous,
            Min = min,
            Max = max,
            Unit = Get(map, "unit") is { } unit ? Text(unit, "unit") : null,
            Log = log,
        };
    }

    LoopDimension Categorical(YamlMappingNode map, string name)
    {
        foreach (var key in new[] { "min", "max", "log" })
        {
            if (Get(map, key) is { } node)
            {
                throw Error(node, $"dimension `{name}` is categorical: it takes `values`, not `{key}`");
            }
        }

        var valuesNode = Required(map, "values", $"the values `{name}` may take");
        var list = Sequence(valuesNode, "values");
        if (list.Children.Count == 0)
        {
            throw Error(valuesNode, $"dimension `{name}` has no values");
        }

        var values = new List<object>();
        foreach (var item in list.Children)
        {
            var value = Text(item, "a value");
            if (values.Contains(value))
            {
                throw Error(item, $"dimension `{name}` lists `{value}` twice");
            }

            values.Add(value);
        }

        return new LoopDimension
        {
            Name = name,
            Type = LoopDimensionType.Categorical,
            Values = values,
            Unit = Get(map, "unit") is { } unit ? Text(unit, "unit") : null,
        };
    }

    List<(LoopStep Step, YamlNode Node)> Steps(YamlNode node, List<(LoopDimension Dimension, YamlNode Node)> space)
    {
        var list = Sequence(node, "steps");
        if (list.Children.Count == 0)
        {
            throw Error(node, "`steps` is empty; an experiment needs at least one job");
        }

        var steps = new List<(LoopStep, YamlNode)>();
        foreach (var item in list.Children)
        {
            var map = Mapping(item, "a step");
            CheckKeys(map, StepKeys, "a step");
            var name = Text(Required(map, "name", "the step's name (it appears in the job's notes)"), "name");
            if (!StepName().IsMatch(name))
            {
                throw Error(Get(map, "name")!, $"step name `{name}` must be 1 to 64 letters, digits, `_` or `-`");
            }

            if (steps.Any(s => s.Item1.Name == name))
            {
                throw Error(item, $"step `{name}` appears twice; step names must be unique");
            }

            var instrument = Get(map, "instrument") is { } i ? Text(i, "instrument") : null;
            var kind = Get(map, "instrumentKind") is { } k ? Text(k, "instrumentKind") : null;
            if ((instrument is null) == (kind is null))
            {
                throw Error(item, $"step `{name}` needs exactly one of `instrument` (an instrument id) or `instrumentKind` (a profile id)");
            }

            var parameters = Get(map, "parameters") is { } p ? Parameters(p, space) : new JsonObject();
            steps.Add((new LoopStep
            {
                Name = name,
                Instrument = instrument,
                InstrumentKind = kind,
                Method = Text(Required(map, "method", $"the method step `{name}` runs"), "method"),
                Priority = Get(map, "priority") is { } priority ? Choice(priority, "priority", ["low", "normal", "high"]) : null,
                Parameters = JsonSerializer.SerializeToElement(parameters),
            }, item));
        }

        return steps;
    }

    JsonObject Parameters(YamlNode node, List<(LoopDimension Dimension, YamlNode Node)> space)
    {
        var map = Mapping(node, "`parameters`");
        return (JsonObject)ToJson(map, space)!;
    }

    LoopObjective Objective(YamlNode node, IReadOnlyList<LoopStep> steps)
    {
        var map = Mapping(node, "`objective`");
        CheckKeys(map, ObjectiveKeys, "`objective`");
        var step = steps[^1].Name;
        if (Get(map, "step") is { } stepNode)
        {
            step = Text(stepNode, "step");
            if (steps.All(s => s.Name != step))
            {
                throw Error(stepNode, $"objective step `{step}` is not one of the steps ({string.Join(", ", steps.Select(s => s.Name))})");
            }
        }

        var reduce = Get(map, "reduce") is { } reduceNode ? Choice(reduceNode, "reduce", ["mean", "min", "max", "last"]) : "mean";
        return new LoopObjective
        {
            Step = step,
            Output = Text(Required(map, "output", "the name of the measured output, for example sheetResistance"), "output"),
            Reduce = Enum.Parse<ObjectiveReduce>(reduce, ignoreCase: true),
        };
    }

    LoopSampleTemplate Sample(YamlNode node, string loopName)
    {
        var map = Mapping(node, "`sample`");
        CheckKeys(map, SampleKeys, "`sample`");
        var hazards = new List<string>();
        if (Get(map, "hazards") is { } hazardsNode)
        {
            hazards.AddRange(Sequence(hazardsNode, "hazards").Children.Select(h => Text(h, "a hazard")));
        }

        return new LoopSampleTemplate
        {
            NamePrefix = Get(map, "namePrefix") is { } prefix ? Text(prefix, "namePrefix") : loopName,
            Composition = Get(map, "composition") is { } composition ? Text(composition, "composition") : null,
            Description = Get(map, "description") is { } description ? Text(description, "description") : null,
            Hazards = hazards,
        };
    }
}
