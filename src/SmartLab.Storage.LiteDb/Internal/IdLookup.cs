using LiteDB;

namespace SmartLab.Storage.LiteDb.Internal;

/// <summary>
/// Look-ups by <c>_id</c> without parsing an expression per call. LiteDB parses and compiles the text of every
/// <see cref="BsonExpression.Create(string, BsonValue[])"/> call, parameters or not, and <c>Exists()</c> parses its own
/// projection each time; on the store's write path that cost more than the index seek itself. Each thread keeps its own
/// compiled expressions and only swaps the parameter, so concurrent readers and the writer never share one.
/// </summary>
static class IdLookup
{
    [ThreadStatic]
    static BsonExpression? t_byId;

    [ThreadStatic]
    static BsonExpression? t_idOnly;

    /// <summary>The <c>_id = @0</c> expression of this thread with <paramref name="id"/> as its parameter; use it before the next call.</summary>
    public static BsonExpression ById(BsonValue id)
    {
        var byId = t_byId ??= BsonExpression.Create("_id = @0");
        byId.Parameters["0"] = id;
        return byId;
    }

    public static bool Exists(LiteDatabase db, string collection, BsonValue id) =>
        db.GetCollection(collection).Query().Where(ById(id)).Select(t_idOnly ??= BsonExpression.Create("$._id")).Limit(1)
            .ToDocuments().Any();
}
