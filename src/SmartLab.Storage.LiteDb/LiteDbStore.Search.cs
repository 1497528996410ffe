using System.Collections.Concurrent;
using System.Globalization;
using LiteDB;
using SmartLab.Domain.Measurements;
using SmartLab.Storage.LiteDb.Internal;

namespace SmartLab.Storage.LiteDb;

/// <summary>
/// Measurement search. Every plan reads an index in time order or collects matches from an index without reading
/// measurements; none scans the collection:
/// <list type="number">
/// <item>a job or sample filter reads that index (a job or sample has few measurements);</item>
/// <item>a selective <c>where=</c> comparison (at most <see cref="SelectiveMatches"/> index entries) collects the time keys of its
/// matches through the search-key index (reading each match's time and search keys only), intersects them with the other
/// comparisons', then reads only the page;</item>
/// <item>otherwise the owner's, the instrument's or the global time index is read newest first until the page is full, so an
/// unselective comparison still finds a page after reading about <c>limit / selectivity</c> measurements: each for its search
/// keys only, the whole record only where the keys show it may match.</item>
/// </list>
/// </summary>
public sealed partial class LiteDbStore
{
    internal const string SearchUnitsCollection = "measurement_key_units";
    const string SearchKeysIndex = "SK";
    const string SearchKeysExpression = "$.SK[*]";

    /// <summary>Beyond this many index entries a comparison is treated as unselective and checked while reading in time order.</summary>
    public const int SelectiveMatches = 5_000;

    const string OwnerTimeExpression = "$.Record.Owner + '|' + $.TK";

    /// <summary>Units each numeric key has been stored with ("" for none): a comparison with units converts into each.</summary>
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _searchUnits = new();

    /// <summary>Used by the writer thread only.</summary>
    readonly List<(string Key, string Units)> _unitsInTransaction = [];

    /// <summary>Lists measurements newest first; <c>NextCursor</c> is null on the last page.</summary>
    public (IReadOnlyList<MeasurementRecord> Items, string? NextCursor) QueryMeasurements(MeasurementQuery query) =>
        Read(db => Search(db, query, explain: null));

    /// <summary>How <see cref="QueryMeasurements"/> answers <paramref name="query"/>: the plan chosen and LiteDB's plan of each index read.</summary>
    public IReadOnlyList<string> ExplainMeasurementQuery(MeasurementQuery query)
    {
        var explain = new List<string>();
        Read(db => Search(db, query, explain));
        return explain;
    }

    (IReadOnlyList<MeasurementRecord> Items, string? NextCursor) Search(LiteDatabase db, MeasurementQuery query, List<string>? explain)
    {
        var limit = Math.Clamp(query.Limit, 1, 1000);
        var measurements = db.GetCollection<StoredMeasurement>(MeasurementsCollection);
        var low = query.From is { } from ? SearchKeys.TimeKeyAt(from) : new string('0', SearchKeys.TimeKeyLength);
        string? high = query.To is { } to ? SearchKeys.TimeKeyAt(to) : null;
        if (SearchKeys.IsTimeKey(query.Cursor) && (high is null || string.CompareOrdinal(query.Cursor, high) < 0))
        {
            high = query.Cursor;
        }

        bool InTime(string tk) => string.CompareOrdinal(tk, low) >= 0 && (high is null || string.CompareOrdinal(tk, high) < 0);
        bool Matches(StoredMeasurement s) => InTime(s.TK) && MatchesFilters(s.Record, query);

        // For each comparison an index can answer, its key ranges: used to collect candidates, or to rule records out.
        var keyRanges = IndexableRanges(query).ToList();

        List<StoredMeasurement> page;
        if (query.JobId is not null || query.SampleId is not null)
        {
            var q = measurements.Query().Where(query.JobId is { } job
                ? BsonExpression.Create("$.Record.JobId = @0", job)
                : BsonExpression.Create("$.Record.SampleId = @0", query.SampleId));
            Explain(explain, query.JobId is not null ? "job index" : "sample index", q.GetPlan());
            page = [.. q.ToEnumerable().Where(Matches).OrderByDescending(s => s.TK, StringComparer.Ordinal).Take(limit + 1)];
        }
        else if (CollectCandidates(db, keyRanges, explain) is { } candidates)
        {
            var byTime = BsonExpression.Create("$.TK = @0");
            page = [];
            foreach (var tk in candidates.Where(InTime).OrderByDescending(tk => tk, StringComparer.Ordinal))
            {
                byTime.Parameters["0"] = tk;
                if (measurements.FindOne(byTime) is not { } s || !Matches(s))
                {
                    continue;
                }

                page.Add(s);
                if (page.Count > limit)
                {
                    break;
                }
            }
        }
        else
        {
            var (name, expression, lowKey, highKey) = query.Owner is { } owner
                ? ("owner-time", OwnerTimeExpression, owner + "|" + low, owner + "|" + (high ?? SearchKeys.MaxTimeKey))
                : query.InstrumentId is { } instrument
                    ? ("instrument-time", "$.IT", SearchKeys.InstrumentTime(instrument, low), SearchKeys.InstrumentTime(instrument, high ?? SearchKeys.MaxTimeKey))
                    : ("time", "$.TK", low, high ?? SearchKeys.MaxTimeKey);

            var inRange = BsonExpression.Create(expression + " BETWEEN @0 AND @1", lowKey, highKey);
            if (keyRanges.Count == 0)
            {
                var q = measurements.Query().Where(inRange).OrderBy(BsonExpression.Create(expression), Query.Descending);
                Explain(explain, $"{name} index, newest first", q.GetPlan());
                page = [.. q.ToEnumerable().Where(Matches).Take(limit + 1)];
            }
            else
            {
                // Each measurement in time order is read for its id, time key and search keys only; the search keys rule
                // out most non-matches, and only the rest are read whole and checked against the record.
                var q = db.GetCollection(MeasurementsCollection).Query().Where(inRange)
                    .OrderBy(BsonExpression.Create(expression), Query.Descending)
                    .Select(BsonExpression.Create("{ _id: $._id, TK: $.TK, SK: $.SK }"));
                Explain(explain, $"{name} index, newest first, comparisons checked on each measurement's search keys, then on its record",
                    q.GetPlan());
                page = [];
                foreach (var row in q.ToDocuments())
                {
                    if (!InTime(row["TK"].AsString) || !MayMatch(row["SK"], keyRanges)
                        || measurements.FindOne(IdLookup.ById(row["_id"])) is not { } s || !Matches(s))
                    {
                        continue;
                    }

                    page.Add(s);
                    if (page.Count > limit)
                    {
                        break;
                    }
                }
            }
        }

        var next = page.Count > limit ? page[limit - 1].TK : null;
        return (page.Take(limit).Select(s => s.Record).ToList(), next);
    }

    /// <summary>
    /// Time keys of the measurements that satisfy every selective comparison, read from the search-key index alone; null when
    /// no comparison is selective enough to be worth it.
    /// </summary>
    HashSet<string>? CollectCandidates(LiteDatabase db, List<List<(string Low, string High)>> keyRanges, List<string>? explain)
    {
        var measurements = db.GetCollection(MeasurementsCollection);
        var timeKey = BsonExpression.Create("$.TK");
        HashSet<string>? result = null;
        foreach (var ranges in keyRanges)
        {
            var matches = new HashSet<string>(StringComparer.Ordinal);
            var selective = true;
            foreach (var (lowKey, highKey) in ranges)
            {
                // Each match is read for its time key only (LiteDB skips the document's other fields).
                var q = measurements.Query().Where(BsonExpression.Create(SearchKeysExpression + " ANY BETWEEN @0 AND @1", lowKey, highKey))
                    .Select(timeKey);
                if (explain is not null && matches.Count == 0)
                {
                    Explain(explain, $"search keys [{lowKey} .. {highKey}]", q.GetPlan());
                }

                foreach (var entry in q.Limit(SelectiveMatches + 1 - matches.Count).ToDocuments())
                {
                    matches.Add(entry.Values.First().AsString);
                }

                if (matches.Count > SelectiveMatches)
                {
                    selective = false;
                    break;
                }
            }

            if (!selective)
            {
                explain?.Add($"comparison not selective (more than {SelectiveMatches} entries): checked while reading");
                continue;
            }

            if (result is null)
            {
                result = matches;
            }
            else
            {
                result.IntersectWith(matches);
            }

            if (result.Count == 0)
            {
                // Nothing satisfies the comparisons so far: the rest cannot add any.
                break;
            }
        }

        explain?.Add(result is null ? "no selective comparison" : $"{result.Count} candidates from search keys");
        return result;
    }

    /// <summary>
    /// False when a measurement's search keys show it cannot satisfy every comparison: for each comparison some key must lie
    /// in one of its ranges (the ranges hold every match, so nothing that matches is ruled out).
    /// </summary>
    static bool MayMatch(BsonValue searchKeys, List<List<(string Low, string High)>> comparisons)
    {
        if (comparisons.Count == 0)
        {
            return true;
        }

        if (!searchKeys.IsArray)
        {
            return false;
        }

        var keys = searchKeys.AsArray;
        foreach (var ranges in comparisons)
        {
            var any = false;
            foreach (var key in keys)
            {
                var k = key.AsString;
                foreach (var (low, high) in ranges)
                {
                    if (string.CompareOrdinal(k, low) >= 0 && string.CompareOrdinal(k, high) <= 0)
                    {
                        any = true;
                        break;
                    }
                }

                if (any)
                {
                    break;
                }
            }

            if (!any)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>For each comparison an index can answer, the key ranges whose union holds its matches (and maybe a few more).</summary>
    IEnumerable<List<(string Low, string High)>> IndexableRanges(MeasurementQuery query)
    {
        if (query.Method is { } method)
        {
            yield return [SearchKeys.TextRange(SearchKeys.TextPrefix(SearchKeys.MethodKey, method))];
        }

        if (query.Complete == false)
        {
            yield return [SearchKeys.TextRange(SearchKeys.TextPrefix(SearchKeys.IncompleteKey, "true"))];
        }

        // Bounds on one key (temperature > 500 and < 510) make one range: together they may be selective where neither is.
        foreach (var group in query.Where.Where(c => c.Operator != MetadataOperator.NotEqual).GroupBy(c => (c.Key, c.IsRange, c.Units)))
        {
            if (group.Key.IsRange)
            {
                var merged = RangesOf(group.First(), query);
                foreach (var other in group.Skip(1).Select(c => RangesOf(c, query)))
                {
                    merged = [.. merged.Select(r => other.FirstOrDefault(o => o.Units == r.Units) is { Low: not null } o
                        ? (r.Units, Max(r.Low, o.Low), Min(r.High, o.High))
                        : r)];
                }

                yield return [.. merged.Where(r => string.CompareOrdinal(r.Low, r.High) <= 0).Select(r => (r.Low, r.High))];
                continue;
            }

            foreach (var condition in group)
            {
                var ranges = RangesOf(condition, query).Select(r => (r.Low, r.High)).ToList();
                if (condition.Units is null)
                {
                    ranges.Add(SearchKeys.TextRange(SearchKeys.TextPrefix(condition.Key, condition.Value)));
                }

                yield return ranges;
            }
        }
    }

    /// <summary>The numeric ranges of one comparison: one per units the key has been stored with that the number converts into.</summary>
    List<(string Units, string Low, string High)> RangesOf(MetadataCondition condition, MeasurementQuery query)
    {
        var ranges = new List<(string Units, string Low, string High)>();
        if (condition.Number is not { } number || !_searchUnits.TryGetValue(condition.Key, out var known))
        {
            return ranges;
        }

        foreach (var recordUnits in known.Keys)
        {
            double? value = condition.Units is null || condition.Units == recordUnits
                ? number
                : recordUnits.Length > 0 ? query.ConvertUnits?.Invoke(number, condition.Units, recordUnits) : null;
            if (value is { } v)
            {
                var (low, high) = SearchKeys.NumberRange(SearchKeys.NumberPrefix(condition.Key, recordUnits), condition.Operator, v);
                ranges.Add((recordUnits, low, high));
            }
        }

        return ranges;
    }

    // Bounds under one prefix differ only in digits and separators, so ordinal order is LiteDB's order.
    static string Max(string a, string b) => string.CompareOrdinal(a, b) >= 0 ? a : b;

    static string Min(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? a : b;

    static bool MatchesFilters(MeasurementRecord r, MeasurementQuery query) =>
        (query.InstrumentId is null || r.InstrumentId == query.InstrumentId)
        && (query.SampleId is null || r.SampleId == query.SampleId)
        && (query.JobId is null || r.JobId == query.JobId)
        && (query.Method is null || r.Method == query.Method)
        && (query.Owner is null || r.Owner == query.Owner)
        && (query.Complete is null || r.Complete == query.Complete)
        && query.Where.All(c => ValuesOf(r, c).Any(v => c.Matches(v.Number, v.Text, v.Units, query.ConvertUnits)));

    static IEnumerable<(double? Number, string? Text, string? Units)> ValuesOf(MeasurementRecord r, MetadataCondition c) => c.Section switch
    {
        "parameters" => r.Parameters.Where(p => p.Name == c.Name).Select(p => (p.Number, p.Text, p.Units)),
        "conditions" => r.Conditions.Where(p => p.Name == c.Name).Select(p => (p.Number, p.Text, p.Units)),
        _ => r.Metadata.Where(m => m.Path == c.Name).Select(m =>
            (double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : (double?)null,
                (string?)m.Value, (string?)null)),
    };

    static void Explain(List<string>? explain, string step, BsonDocument plan)
    {
        explain?.Add(step + ": " + LiteDB.JsonSerializer.Serialize(plan));
    }

    /// <summary>
    /// Sets a measurement's search keys on its document (stored by the same insert) and remembers units not seen before,
    /// in the writer's transaction. <paramref name="prefixes"/> and <paramref name="numericKeys"/> are
    /// <see cref="SearchKeys.Prefixes"/> and <see cref="SearchKeys.NumericKeys"/> of the record, built before the write.
    /// </summary>
    void IndexForSearch(LiteDatabase db, BsonDocument document, string timeKey, IReadOnlyList<string> prefixes,
        IReadOnlyList<(string Key, string Units)> numericKeys)
    {
        var keys = new BsonArray();
        foreach (var prefix in prefixes)
        {
            keys.Add(prefix + timeKey);
        }

        document["SK"] = keys;
        foreach (var (key, units) in numericKeys)
        {
            RememberUnits(db, key, units);
        }
    }

    /// <summary>
    /// Units first remembered in the open transaction. A rolled-back batch (a repeated measurement id is enough) is retried
    /// one write at a time; forgetting them first makes the retry write their entries again.
    /// </summary>
    void ForgetUncommittedUnits()
    {
        foreach (var (key, units) in _unitsInTransaction)
        {
            if (_searchUnits.TryGetValue(key, out var known))
            {
                known.TryRemove(units, out _);
            }
        }

        _unitsInTransaction.Clear();
    }

    void RememberUnits(LiteDatabase db, string key, string units)
    {
        var known = _searchUnits.GetOrAdd(key, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
        if (known.TryAdd(units, 0))
        {
            _unitsInTransaction.Add((key, units));
            db.GetCollection(SearchUnitsCollection).Upsert(new BsonDocument
            {
                ["_id"] = SearchKeys.UnitsEntry(key, units), ["key"] = key, ["units"] = units,
            });
        }
    }

    /// <summary>Loads the units each numeric key has been stored with.</summary>
    void InitializeSearch(LiteDatabase db)
    {
        foreach (var entry in db.GetCollection(SearchUnitsCollection).FindAll())
        {
            _searchUnits.GetOrAdd(entry["key"].AsString, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))
                .TryAdd(entry["units"].AsString, 0);
        }
    }
}
