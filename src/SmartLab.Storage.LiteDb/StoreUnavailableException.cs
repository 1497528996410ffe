namespace SmartLab.Storage.LiteDb;

/// <summary>The store cannot take writes or reads right now (it is reopening after an I/O failure); try again shortly.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message) : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
