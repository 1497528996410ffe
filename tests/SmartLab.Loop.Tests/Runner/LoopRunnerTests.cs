using System.Net.Http.Json;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Loop.Runner;
using SmartLab.Simulators.Films;

namespace SmartLab.Loop.Tests.Runner;

/// <summary>The loop runner against the real hub with a simulated furnace and four-point probe.</summary>
public sealed class LoopRunnerTests
{
    [Fact]
    public async Task RunAsync_SmallRandomLoop_CompletesWithJobsOfTheAutomationAccountForItsOwner()
    {
        await using var lab = await LoopLab.StartAsync(autoApprove: true);
        var loop = LoopFiles.Parse(LoopFiles.AnnealSheetResistance("small", budget: 4, inFlight: 2));
        using var hub = lab.RobotHub();
        var progress = new ProgressLog();

        var result = await new LoopRunner(loop, hub).RunAsync(progress);

        Assert.Null(result.StoppedBecause);
        Assert.Equal([1, 2, 3, 4], result.Experiments.Select(e => e.Number));
        Assert.All(result.Experiments, e => Assert.True(e.Succeeded, e.Error));
        Assert.Equal(result.Experiments.Min(e => e.Value), result.Best!.Value);
        foreach (var experiment in result.Experiments)
        {
            // The value is the film's sheet resistance after the anneal the point asked for (1 % noise per reading, 3 readings).
            var expected = FilmResponse.Expected(experiment.Point.GetDouble("temperature"), experiment.Point.GetDouble("dwell"), "N2");
            Assert.InRange(experiment.Value!.Value, expected * 0.96, expected * 1.04);
            var anneal = lab.Samples.LatestAnneal(experiment.SampleId!);
            Assert.Equal(experiment.JobIds["anneal"], anneal!.JobId);
        }

        var jobs = await lab.RobotJobsAsync();
        Assert.Equal(8, jobs.Count);
        Assert.All(jobs, j =>
        {
            Assert.Equal(("robot", "alice", "delivered"), (j.Requester, j.OnBehalfOf, j.State));
            Assert.Matches("^loop:small:[1-4]:(anneal|measure)$", j.Notes);
        });
        Assert.Equal(result.Experiments.SelectMany(e => e.JobIds.Values).Order(), jobs.Select(j => j.Id).Order());

        // Never more experiments at once than inFlight, and both slots were used.
        Assert.All(progress.Reports, p => Assert.InRange(p.Running, 0, 2));
        Assert.Contains(progress.Reports, p => p.Running == 2);
        Assert.Equal(4, progress.Reports[^1].Done);

        // The hub shows the loop as it ended, with the values the loop computed, to its owner and staff only.
        var alice = lab.Client(await lab.Hub.CreateAccountAsync("alice2", "user"));
        var owner = lab.Client(lab.AliceToken);
        var view = await owner.GetFromJsonAsync<LoopView>("api/v1/loops/robot/small", HubJson.Options);
        Assert.Equal(("finished", "robot", "alice", 4), (view!.Status.State, view.Account, view.OnBehalfOf, view.Done));
        Assert.Equal(result.Experiments.Select(e => (e.Number, e.Value)), view.Status.Experiments.Select(e => (e.Number, e.Value)));
        Assert.Equal((result.Best.Number, result.Best.Value), (view.BestExperiment!.Value, view.BestValue));
        Assert.Equal(result.Experiments.Select(e => e.JobIds["anneal"]), view.Status.Experiments.Select(e => e.Jobs["anneal"]));
        Assert.Equal(["temperature", "dwell"], view.Status.Space.Select(d => d.Name));
        Assert.Equal("Ohm/{sq}", view.Status.ObjectiveUnit);
        var staffList = await lab.Staff.GetFromJsonAsync<Page<LoopView>>("api/v1/loops", HubJson.Options);
        Assert.Equal(["robot/small"], staffList!.Items.Select(l => l.Id));
        using var foreign = await alice.GetAsync("api/v1/loops/robot/small");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Empty((await alice.GetFromJsonAsync<Page<LoopView>>("api/v1/loops", HubJson.Options))!.Items);
    }

    [Fact]
    public async Task ReportLoop_BadReport_IsRefusedWithTheFieldAndChangesNothing()
    {
        await using var lab = await LoopLab.StartAsync(autoApprove: true);
        var robot = lab.Client(lab.RobotToken);
        var good = new LoopStatusReport { Budget = 3, InFlight = 1, Optimizer = "random", Objective = "x" };
        using (var first = await robot.PutAsJsonAsync("api/v1/loops/checked", good, HubJson.Options))
        {
            first.EnsureSuccessStatusCode();
        }

        foreach (var (name, report, field) in new (string, LoopStatusReport, string)[]
                 {
                     ("checked", good with { State = "paused" }, "state"),
                     ("checked", good with { Goal = "lowest" }, "goal"),
                     ("checked", good with { Budget = 0 }, "budget"),
                     ("checked", good with { Experiments = [new LoopExperimentView { Number = 1, State = "lost" }] }, "experiments[0].state"),
                     ("-bad", good, "name"),
                 })
        {
            using var response = await robot.PutAsJsonAsync($"api/v1/loops/{name}", report, HubJson.Options);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"\"field\":\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var view = await robot.GetFromJsonAsync<LoopView>("api/v1/loops/robot/checked", HubJson.Options);
        Assert.Equal(("running", "minimize", 3), (view!.Status.State, view.Status.Goal, view.Status.Budget));
    }

    [Fact]
    public async Task RunAsync_KilledMidwayAndStartedAgain_ResumesWithoutRerunningFinishedExperiments()
    {
        await using var lab = await LoopLab.StartAsync(autoApprove: true);
        var loop = LoopFiles.Parse(LoopFiles.AnnealSheetResistance("resume", budget: 4, inFlight: 2));
        var progress = new ProgressLog();
        using var kill = new CancellationTokenSource();
        using var firstHub = lab.RobotHub();
        var first = new LoopRunner(loop, firstHub).RunAsync(progress, kill.Token);

        var oneDone = await progress.WaitForAsync(p => p.Done >= 1, "a first experiment finished");
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var before = await lab.RobotJobsAsync();
        Assert.NotEmpty(before);
        var stopped = await lab.Staff.GetFromJsonAsync<LoopView>("api/v1/loops/robot/resume", HubJson.Options);
        Assert.Equal("stopped", stopped!.Status.State);
        Assert.Contains("resumes", stopped.Status.StoppedBecause, StringComparison.Ordinal);

        using var secondHub = lab.RobotHub();
        var result = await new LoopRunner(loop, secondHub).RunAsync();

        Assert.Null(result.StoppedBecause);
        Assert.Equal(4, result.Experiments.Count);
        Assert.All(result.Experiments, e => Assert.True(e.Succeeded, e.Error));
        var after = await lab.RobotJobsAsync();

        // Exactly one job per step of every experiment: nothing ran twice.
        var perStep = after.GroupBy(j => j.Notes).ToDictionary(g => g.Key!, g => g.Count());
        Assert.All(perStep, p => Assert.Equal(1, p.Value));
        Assert.Equal(8, after.Count);
        Assert.Equal(result.Experiments.SelectMany(e => e.JobIds.Values).Order(), after.Select(j => j.Id).Order());

        // The experiments finished before the kill were taken from the hub as they were, values included.
        var finishedBefore = before.Where(j => j.State == "delivered" && j.Notes!.EndsWith(":measure", StringComparison.Ordinal))
            .Select(j => LoopNotes.TryParse(j.Notes)!.Experiment).ToList();
        Assert.NotEmpty(finishedBefore);
        foreach (var number in finishedBefore)
        {
            var experiment = result.Experiments.Single(e => e.Number == number);
            Assert.True(experiment.FromEarlierRun);
            Assert.Equal(before.Where(j => LoopNotes.TryParse(j.Notes)!.Experiment == number).Select(j => j.Id).Order(), experiment.JobIds.Values.Order());
        }

        Assert.Contains(result.Experiments, e => e.Number == oneDone.BestExperiment && e.Value == oneDone.BestValue);

        // Jobs that were in flight at the kill were followed to the end, not submitted again.
        foreach (var job in before.Where(j => j.State != "delivered"))
        {
            Assert.Contains(job.Id, result.Experiments.SelectMany(e => e.JobIds.Values));
        }
    }

    [Fact]
    public async Task RunAsync_InstrumentsWithoutAutomationPolicy_JobsWaitForStaffApprovalThenRun()
    {
        await using var lab = await LoopLab.StartAsync(autoApprove: false);
        var loop = LoopFiles.Parse(LoopFiles.AnnealSheetResistance("reviewed", budget: 3, inFlight: 2));
        using var hub = lab.RobotHub();
        var progress = new ProgressLog();
        var run = new LoopRunner(loop, hub).RunAsync(progress);

        var waiting = await progress.WaitForAsync(p => p.WaitingForApproval == 2, "both experiments waiting for approval");
        Assert.All(waiting.Waiting, w =>
        {
            Assert.Equal(("submitted", "anneal"), (w.State, w.Step));
            Assert.Contains("automation policy", w.Reason, StringComparison.Ordinal);
        });

        // Nothing runs and no third experiment is started while staff have not decided.
        var jobs = await lab.RobotJobsAsync();
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("submitted", j.State));
        Assert.False(run.IsCompleted);

        // The hub shows staff what the loop waits for.
        await Eventually.TrueAsync(async () =>
            (await lab.Staff.GetFromJsonAsync<LoopView>("api/v1/loops/robot/reviewed", HubJson.Options))!.Status.Waiting.Count(w => w.State == "submitted") == 2,
            "the loop's status at the hub lists both jobs waiting for approval");
        var furnace = await lab.Admin.GetFromJsonAsync<InstrumentView>("api/v1/instruments/furnace-01", HubJson.Options);
        Assert.Null(furnace!.CurrentJob);

        // Staff approve whatever the loop submits; then it runs to the end.
        var approved = await lab.DecideUntilDoneAsync(run, _ => "approve", "checked by tanaka");

        var result = await run;
        Assert.Equal(3, result.Experiments.Count);
        Assert.All(result.Experiments, e => Assert.True(e.Succeeded, e.Error));
        Assert.Equal(6, approved.Count);
        foreach (var id in approved.Keys)
        {
            var job = await lab.Staff.GetFromJsonAsync<JobView>($"api/v1/jobs/{id}", HubJson.Options);
            Assert.Contains(job!.History!, h => h.To == "approved" && h.Actor == "staff:tanaka");
        }
    }

    [Fact]
    public async Task RunAsync_StaffRejectAnExperiment_ItFailsWithTheirReasonAndTheLoopGoesOn()
    {
        await using var lab = await LoopLab.StartAsync(autoApprove: false);
        var loop = LoopFiles.Parse(LoopFiles.AnnealSheetResistance("rejected", budget: 2, inFlight: 1));
        using var hub = lab.RobotHub();
        var run = new LoopRunner(loop, hub).RunAsync();

        await lab.DecideUntilDoneAsync(run, job => job.Notes == "loop:rejected:1:anneal" ? "reject" : "approve", "too hot for this tube");

        var result = await run;
        Assert.Equal(2, result.Experiments.Count);
        var rejected = result.Experiments[0];
        Assert.Null(rejected.Value);
        Assert.Matches(@"^anneal job J-\d{6} rejected \(too hot for this tube\)$", rejected.Error);
        Assert.Equal(["anneal"], rejected.JobIds.Keys);
        Assert.True(result.Experiments[1].Succeeded, result.Experiments[1].Error);
        Assert.Same(result.Experiments[1], result.Best);
        Assert.Equal(LoopEnd.BudgetUsed, result.Ended);
    }
}
