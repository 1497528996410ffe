using LiteDB;

namespace SmartLab.Storage.LiteDb.Internal;

/// <summary>A unit of work for the single writer: runs inside the batch transaction, completes after the commit.</summary>
interface IWriteOp
{
    /// <summary>Runs outside any transaction, between batches (checkpoints).</summary>
    bool RunsAlone { get; }

    void Run(LiteDatabase db);
    void Complete();
    void Fail(Exception error);
}

sealed class WriteOp<T>(Func<LiteDatabase, T> work, bool runsAlone = false) : IWriteOp
{
    public bool RunsAlone => runsAlone;

    readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    T _result = default!;

    public Task<T> Task => _completion.Task;

    public void Run(LiteDatabase db) => _result = work(db);

    public void Complete() => _completion.TrySetResult(_result);

    public void Fail(Exception error) => _completion.TrySetException(error);
}
