using System.CommandLine;
using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Jobs;
using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;
using Spectre.Console;

namespace SmartLab.Cli.Commands;

/// <summary><c>smartlab jobs …</c>: submit, follow, list and act on jobs.</summary>
internal static class JobsCommands
{
    /// <summary>Staff decisions on a job (besides <c>cancel</c>, which owners may use too), with what each does.</summary>
    static readonly (string Name, string Description)[] StaffActions =
    [
        ("approve", "staff: approve a submitted job so it can be queued"),
        ("reject", "staff: refuse a submitted job (give --reason: the requester sees it)"),
        ("hold", "staff: keep a queued job from being dispatched"),
        ("resume", "staff: release a held job back to the queue"),
        ("deliver", "staff: mark a succeeded job's data as delivered to the requester"),
    ];

    public static Command Create(CliContext context)
    {
        var jobs = new Command("jobs", "submit jobs, follow them, fetch their data; staff: approve and manage the queue");
        jobs.Subcommands.Add(Submit(context));
        jobs.Subcommands.Add(Watch(context));
        jobs.Subcommands.Add(List(context));
        jobs.Subcommands.Add(Show(context));
        jobs.Subcommands.Add(Download(context));
        jobs.Subcommands.Add(Action(context, "cancel", "cancel a job (your own; staff: any)"));
        foreach (var (name, description) in StaffActions)
        {
            jobs.Subcommands.Add(Action(context, name, description));
        }

        return jobs;
    }

    static Argument<string> JobId() => new("id") { Description = "job id, for example J-000123" };

    static Command Submit(CliContext context)
    {
        var instrument = new Option<string?>("--instrument") { Description = "run on this instrument", HelpName = "id" };
        var kind = new Option<string?>("--kind") { Description = "run on any instrument of this profile, for example xrd-powder", HelpName = "profile" };
        var method = new Option<string?>("--method") { Description = "method of the instrument's profile, for example theta2theta", HelpName = "name" };
        var parameters = new Option<string[]>("--param")
        {
            Description = "a method parameter, repeatable: start=10, temperature=\"500 Cel\" or 500[Cel], enabled=true, label=text",
            HelpName = "name=value",
        };
        var sample = new Option<string?>("--sample") { Description = "sample id, for example S-000045", HelpName = "id" };
        var priority = new Option<string?>("--priority") { Description = "low, normal (default) or high (staff)", HelpName = "priority" };
        priority.AcceptOnlyFromAmong("low", "normal", "high");
        var notes = new Option<string?>("--notes") { Description = "notes for the staff who run it", HelpName = "text" };
        var file = new Option<string?>("--file")
        {
            Description = "read the job, or a batch `jobs: [...]`, from a YAML or JSON file instead of the options above",
            HelpName = "job.yaml",
        };
        var key = new Option<string?>("--idempotency-key")
        {
            Description = "repeat a submission safely: the same key never creates a second job (default: a new GUID, reused by automatic retries)",
            HelpName = "key",
        };
        var json = CliContext.JsonOption();
        var command = new Command("submit", "submit a job (or a batch from --file); prints the new job id(s)")
        {
            instrument, kind, method, parameters, sample, priority, notes, file, key, json,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var flags = new[] { instrument, kind, method, sample, priority, notes }.Where(o => parse.GetResult(o) is not null)
                .Select(o => o.Name).Concat(parse.GetValue(parameters) is { Length: > 0 } ? ["--param"] : []).ToList();
            JobFile jobFile;
            if (parse.GetValue(file) is { } path)
            {
                if (flags.Count > 0)
                {
                    throw new UsageException($"--file describes the whole job; leave out {string.Join(", ", flags)}");
                }

                jobFile = JobFile.Read(path);
            }
            else
            {
                if (flags.Count == 0)
                {
                    throw new UsageException("say what to run: --instrument or --kind, --method and --param name=value, or --file job.yaml");
                }

                jobFile = new JobFile([new SubmitJobRequest
                {
                    Instrument = parse.GetValue(instrument),
                    InstrumentKind = parse.GetValue(kind),
                    Method = parse.GetValue(method),
                    Parameters = ParameterArguments.Parse(parse.GetValue(parameters)),
                    SampleId = parse.GetValue(sample),
                    Priority = parse.GetValue(priority),
                    Notes = parse.GetValue(notes),
                }], IsBatch: false);
            }

            var hub = connect();
            var idempotencyKey = parse.GetValue(key) ?? Guid.NewGuid().ToString();
            if (jobFile.IsBatch)
            {
                var batch = await hub.SubmitBatchAsync(new SubmitBatchRequest(jobFile.Jobs), idempotencyKey, cancellationToken);
                WriteIds(context, parse.GetValue(json), batch, batch.Jobs);
            }
            else
            {
                var job = await hub.SubmitJobAsync(jobFile.Jobs[0], idempotencyKey, cancellationToken);
                WriteIds(context, parse.GetValue(json), job, [job]);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    static void WriteIds<T>(CliContext context, bool json, T answer, IEnumerable<JobView> jobs)
    {
        if (json)
        {
            Formats.WriteJson(context.Console.Out, answer);
            return;
        }

        foreach (var job in jobs)
        {
            context.Console.Out.WriteLine(job.Id);
        }
    }

    static Command Watch(CliContext context)
    {
        var id = JobId();
        var command = new Command("watch", "follow a job live until it ends; exit code 0 when it succeeded or was delivered, 1 when it failed, was aborted, cancelled or rejected")
        {
            id,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, connect =>
            new JobWatcher(connect(), context.Console, context.Time).WatchAsync(parse.GetValue(id)!, cancellationToken)));
        return command;
    }

    static Command List(CliContext context)
    {
        var state = new Option<string?>("--state") { Description = "only jobs in this state (submitted, queued, running, succeeded, failed, …)", HelpName = "state" };
        var instrument = new Option<string?>("--instrument") { Description = "only jobs of this instrument", HelpName = "id" };
        var requester = new Option<string?>("--requester") { Description = "staff: only jobs of this account", HelpName = "account" };
        var limit = new Option<int?>("--limit") { Description = "jobs per page (1–1000; the hub's default otherwise)", HelpName = "n" };
        var cursor = new Option<string?>("--cursor") { Description = "continue after a previous page", HelpName = "cursor" };
        var allPages = new Option<bool>("--all-pages") { Description = "fetch every page, not just the first" };
        var json = CliContext.JsonOption();
        var command = new Command("list", "list jobs (yours; staff: everyone's), newest first") { state, instrument, requester, limit, cursor, allPages, json };
        command.Aliases.Add("ls");
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var hub = connect();
            var query = new JobQuery(parse.GetValue(state), parse.GetValue(instrument), parse.GetValue(requester), parse.GetValue(limit), parse.GetValue(cursor));
            var (items, next) = await Paging.CollectAsync(c => hub.ListJobsAsync(query with { Cursor = c }, cancellationToken), query.Cursor, parse.GetValue(allPages));
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, new Page<JobView>(items, next));
                return ExitCodes.Success;
            }

            var table = Tables.Create(context.Console, "ID", "STATE", "INSTRUMENT", "METHOD", "SAMPLE", "PRIORITY", "REQUESTER", "PROGRESS", "UPDATED");
            foreach (var job in items)
            {
                Tables.AddRow(table, job.Id, job.State, job.Instrument ?? job.PinnedInstrument ?? (job.InstrumentKind is { } k ? $"any {k}" : null),
                    job.Method, job.SampleId, job.Priority, job.Requester, Formats.Percent(job.Progress), Formats.Time(job.UpdatedAt, context.Time));
            }

            Paging.Write(context.Console, table, items.Count, next, "jobs");
            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Show(CliContext context)
    {
        var id = JobId();
        var json = CliContext.JsonOption();
        var command = new Command("show", "a job with its parameters and its history: who moved it, when and why") { id, json };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var job = await connect().GetJobAsync(parse.GetValue(id)!, cancellationToken);
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, job);
                return ExitCodes.Success;
            }

            var time = context.Time;
            context.Console.Ansi.Write(Tables.Details(
            [
                ("Job", job.Id), ("State", job.State), ("Method", job.Method), ("Instrument", job.Instrument),
                ("Instrument kind", job.InstrumentKind), ("Pinned to", job.PinnedInstrument), ("Sample", job.SampleId),
                ("Parameters", Formats.Parameters(job.Parameters)), ("Priority", job.Priority), ("Requester", job.Requester),
                ("On behalf of", job.OnBehalfOf), ("Operator", job.Operator), ("Attempt", job.MaxAttempts > 0 ? $"{job.Attempt} of {job.MaxAttempts}" : null),
                ("Progress", Formats.Percent(job.Progress)), ("Stage", job.Stage), ("Notes", job.Notes),
                ("Estimated", job.EstimatedSeconds is { } s ? TimeSpan.FromSeconds(Math.Round(s)).ToString() : null),
                ("Created", Formats.Time(job.CreatedAt, time)), ("Started", Formats.Time(job.StartedAt, time)), ("Ended", Formats.Time(job.EndedAt, time)),
                ("Error", job.Error is { } e ? $"{e.Message} ({e.Code})" : null), ("Measurements", string.Join(", ", job.MeasurementIds)),
            ]));
            if (job.History is { Count: > 0 } history)
            {
                context.Console.Ansi.WriteLine();
                var table = Tables.Create(context.Console, "AT", "FROM", "TO", "BY", "ON BEHALF OF", "ATTEMPT", "REASON");
                foreach (var step in history)
                {
                    Tables.AddRow(table, Formats.Time(step.At, time), step.From, step.To, step.Actor, step.OnBehalfOf,
                        step.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), step.Reason);
                }

                context.Console.Ansi.Write(table);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Download(CliContext context)
    {
        var id = JobId();
        var output = new Option<string?>("--out") { Description = "folder to write into (default ./<job id>/)", HelpName = "dir" };
        var format = new Option<string>("--format") { Description = "export format of each measurement", DefaultValueFactory = _ => "csv", HelpName = "format" };
        format.AcceptOnlyFromAmong("csv", "json");
        var command = new Command("download", "fetch a job's measurements (export plus raw files, SHA-256 checked) into a folder") { id, output, format };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, connect =>
            new JobDownloader(connect(), context.Console).DownloadAsync(parse.GetValue(id)!, parse.GetValue(output), parse.GetValue(format)!, cancellationToken)));
        return command;
    }

    static Command Action(CliContext context, string name, string description)
    {
        var id = JobId();
        var reason = new Option<string?>("--reason") { Description = "why; recorded in the job's history", HelpName = "text" };
        var json = CliContext.JsonOption();
        var command = new Command(name, description) { id, reason, json };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var jobId = parse.GetValue(id)!;
            var job = await connect().JobActionAsync(jobId, name, parse.GetValue(reason), cancellationToken);
            if (parse.GetValue(json) && job is not null)
            {
                Formats.WriteJson(context.Console.Out, job);
            }
            else
            {
                context.Console.Out.WriteLine(job is null ? $"{jobId}: {name} done" : $"{job.Id}: {job.State}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
