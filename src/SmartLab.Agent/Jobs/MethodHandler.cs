namespace SmartLab.Agent.Jobs;

/// <summary>
/// Runs one method (a long measurement procedure) as a job. Return <see cref="JobResult.Succeeded"/> with the ids of the
/// measurements it published; throw <see cref="JobFailedException"/> (or any exception) to fail it; let
/// <see cref="OperationCanceledException"/> escape when <paramref name="abort"/> fires and the job is reported aborted.
/// </summary>
public delegate Task<JobResult> MethodHandler(JobContext job, CancellationToken abort);
