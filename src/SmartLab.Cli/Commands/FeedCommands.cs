using System.CommandLine;
using SmartLab.Cli.Commands;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Commands;

/// <summary><c>smartlab feed …</c>: staff look at the data platform feed's outbox and send records again.</summary>
internal static class FeedCommands
{
    static readonly string[] Statuses = ["pending", "failing", "delivered"];

    public static Command Create(CliContext context)
    {
        var feed = new Command("feed", "staff: the data platform feed (records pending, failing with their last error, delivered) and retries");
        feed.Subcommands.Add(Status(context));
        feed.Subcommands.Add(Retry(context));
        return feed;
    }

    static Command Status(CliContext context)
    {
        var status = new Option<string?>("--status") { Description = "only records in this state: pending, failing or delivered", HelpName = "state" };
        status.AcceptOnlyFromAmong(Statuses);
        var limit = new Option<int?>("--limit") { Description = "records per page (1–1000; the hub's default otherwise)", HelpName = "n" };
        var cursor = new Option<string?>("--cursor") { Description = "continue after a previous page", HelpName = "cursor" };
        var allPages = new Option<bool>("--all-pages") { Description = "fetch every page, not just the first" };
        var json = CliContext.JsonOption();
        var command = new Command("status", "counts per state and per sink, then the records, newest first") { status, limit, cursor, allPages, json };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var hub = connect();
            FeedOverview? first = null;
            var (items, next) = await Paging.CollectAsync(async c =>
            {
                var page = await hub.GetFeedAsync(parse.GetValue(status), parse.GetValue(limit), c, cancellationToken);
                first ??= page;
                return new Page<FeedEntryView>(page.Items, page.NextCursor);
            }, parse.GetValue(cursor), parse.GetValue(allPages));
            var overview = first! with { Items = items, NextCursor = next };
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, overview);
                return ExitCodes.Success;
            }

            var output = context.Console.Out;
            output.WriteLine($"pending {overview.Pending}, failing {overview.Failing}, delivered {overview.Delivered}");
            if (overview.Note is { } note)
            {
                output.WriteLine(note);
            }
            else
            {
                var sinks = Tables.Create(context.Console, "SINK", "TYPE", "PENDING", "FAILING", "DELIVERED", "LAST ERROR");
                foreach (var sink in overview.Sinks)
                {
                    Tables.AddRow(sinks, sink.Name, sink.Type, Count(sink.Pending), Count(sink.Failing), Count(sink.Delivered),
                        sink.LastError is { } error ? $"{Formats.Time(sink.LastErrorAt, context.Time)}: {error}" : null);
                }

                context.Console.Ansi.Write(sinks);
            }

            var table = Tables.Create(context.Console, "RECORD", "KIND", "STATUS", "CREATED", "SINKS");
            foreach (var entry in items)
            {
                Tables.AddRow(table, entry.Id, entry.Kind, entry.Status, Formats.Time(entry.CreatedAt, context.Time),
                    string.Join("\n", entry.Sinks.Select(s => Describe(s, context.Time))));
            }

            Paging.Write(context.Console, table, items.Count, next, "records");
            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Retry(CliContext context)
    {
        var id = new Argument<string?>("id") { Description = "record to send again: a job id (J-000123) or a measurement id", Arity = ArgumentArity.ZeroOrOne };
        var allFailing = new Option<bool>("--all-failing") { Description = "send every failing record again" };
        var json = CliContext.JsonOption();
        var command = new Command("retry", "staff: send a record (or every failing one) to its sinks now; audited") { id, allFailing, json };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var recordId = parse.GetValue(id);
            var all = parse.GetValue(allFailing);
            if ((recordId is null) == !all)
            {
                throw new UsageException("give either a record id or --all-failing");
            }

            var result = all
                ? await connect().RetryFailingFeedRecordsAsync(cancellationToken)
                : await connect().RetryFeedRecordAsync(recordId!, cancellationToken);
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, result);
                return ExitCodes.Success;
            }

            context.Console.Out.WriteLine(result.Ids.Count == 0 ? "no failing records" : $"scheduled now: {string.Join(", ", result.Ids)}");
            return ExitCodes.Success;
        }));
        return command;
    }

    static string Count(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string Describe(FeedSinkDeliveryView sink, TimeProvider time) => sink.Status switch
    {
        "delivered" => $"{sink.Sink}: delivered {Formats.Time(sink.DeliveredAt, time)}",
        "failing" => $"{sink.Sink}: failing after {sink.Attempts} attempt{(sink.Attempts == 1 ? "" : "s")}, next {Formats.Time(sink.NextAttemptAt, time)}: {sink.LastError}",
        _ => $"{sink.Sink}: pending{(sink.LastError is { } e ? $" ({e})" : "")}",
    };
}
