using SmartLab.Domain.Measurements;

namespace SmartLab.Storage.LiteDb.Tests;

public sealed class MeasurementSearchTests : IDisposable
{
    static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Kelvin and Celsius only: enough to show the store converts a condition into each record's units.</summary>
    static double? KelvinCelsius(double value, string from, string to) => (from, to) switch
    {
        ("Cel", "K") => value + 273.15,
        ("K", "Cel") => value - 273.15,
        _ => null,
    };

    static MetadataCondition Where(string expression) =>
        MetadataCondition.TryParse(expression, out var condition, out var problem) ? condition! : throw new ArgumentException(problem);

    static MeasurementRecord Measurement(int i, string instrument = "furnace-01", double? temperature = null, string units = "Cel",
        string? target = null, string? owner = null, bool complete = true) => new()
    {
        Id = $"m{i:D5}",
        InstrumentId = instrument,
        Method = "anneal",
        Owner = owner,
        ReceivedAt = T0.AddSeconds(i),
        Complete = complete,
        Missing = complete ? [] : ["instrument.calibration.id"],
        Conditions = temperature is { } t ? [new MeasuredValue { Name = "temperature", Number = t, Units = units }] : [],
        Parameters = target is null ? [new MeasuredValue { Name = "dwell", Number = i % 7, Units = "min" }]
            : [new MeasuredValue { Name = "target", Text = target }],
        Metadata = [new MetadataValue { Path = "instrument.calibration.id", Value = $"CAL-{i % 3}" }],
        Document = "{}",
    };

    static async Task<LiteDbStore> FillAsync(LiteDbStore store, int count, Func<int, MeasurementRecord> make)
    {
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => store.AddMeasurementAsync(make(i))));
        return store;
    }

    static List<string> AllPages(LiteDbStore store, MeasurementQuery query)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var (items, next) = store.QueryMeasurements(query with { Cursor = cursor });
            ids.AddRange(items.Select(m => m.Id));
            cursor = next;
        }
        while (cursor is not null);
        return ids;
    }

    [Fact]
    public async Task QueryMeasurements_NumericWhere_AnsweredFromSearchKeyIndexNewestFirst()
    {
        using var store = await FillAsync(new LiteDbStore(_dir.Options), 3000, i => Measurement(i, temperature: i % 1000));
        var query = new MeasurementQuery { Where = [Where("conditions.temperature>990")], Limit = 7 };

        var ids = AllPages(store, query);

        var expected = Enumerable.Range(0, 3000).Where(i => i % 1000 > 990).Reverse().Select(i => $"m{i:D5}").ToList();
        Assert.Equal(expected, ids);
        var plan = store.ExplainMeasurementQuery(query);
        var keyScan = Assert.Single(plan, p => p.StartsWith("search keys", StringComparison.Ordinal));
        Assert.Contains("\"name\":\"SK\"", keyScan);
        Assert.Contains("INDEX RANGE", keyScan);
        Assert.Contains("\"fields\":[\"TK\",\"SK\"]", keyScan); // a match is read for its time and search keys only, not the record
        Assert.DoesNotContain(plan, p => p.Contains("FULL INDEX SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryMeasurements_UnselectiveWhere_TimeOrderCheckedOnSearchKeysThenRecords()
    {
        var count = LiteDbStore.SelectiveMatches + 1000;
        using var store = await FillAsync(new LiteDbStore(_dir.Options), count,
            i => Measurement(i, instrument: $"furnace-{i % 2:D2}", temperature: i % 1000));
        var query = new MeasurementQuery
        {
            InstrumentId = "furnace-01", Where = [Where("conditions.temperature>=100"), Where("parameters.dwell!=0")], Limit = 250,
        };

        var ids = AllPages(store, query);

        // More than SelectiveMatches measurements are at 100 Cel or above, so the instrument's time index is read instead.
        var expected = Enumerable.Range(0, count).Where(i => i % 2 == 1 && i % 1000 >= 100 && i % 7 != 0).Reverse().Select(i => $"m{i:D5}");
        Assert.Equal(expected, ids);
        var plan = store.ExplainMeasurementQuery(query);
        Assert.Contains(plan, p => p.StartsWith("comparison not selective", StringComparison.Ordinal));
        Assert.Contains(plan, p => p.StartsWith("instrument-time index", StringComparison.Ordinal) && p.Contains("\"name\":\"IT\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryMeasurements_SeveralWhere_AllMustHold()
    {
        using var store = await FillAsync(new LiteDbStore(_dir.Options), 600, i => Measurement(i, temperature: i % 100));
        var query = new MeasurementQuery
        {
            Where = [Where("conditions.temperature>=50"), Where("conditions.temperature<52"), Where("metadata.instrument.calibration.id=CAL-1"),
                Where("parameters.dwell!=0")],
        };

        var ids = AllPages(store, query);

        // The two bounds on temperature are read as one range, the calibration as another; != is checked on each record.
        var plan = store.ExplainMeasurementQuery(query);
        Assert.Equal(2, plan.Count(p => p.StartsWith("search keys", StringComparison.Ordinal)));
        Assert.Contains("4 candidates from search keys", plan); // 12 in range, 200 with CAL-1, 4 with both
        Assert.Empty(AllPages(store, query with { Where = [Where("conditions.temperature>60"), Where("conditions.temperature<40")] }));

        var expected = Enumerable.Range(0, 600).Where(i => i % 100 is >= 50 and < 52 && i % 3 == 1 && i % 7 != 0).Reverse()
            .Select(i => $"m{i:D5}");
        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task QueryMeasurements_NoCommonCandidate_EmptyWithoutReadingTheRemainingComparisons()
    {
        using var store = await FillAsync(new LiteDbStore(_dir.Options), 600, i => Measurement(i, temperature: i % 100));
        var query = new MeasurementQuery
        {
            Where = [Where("metadata.instrument.calibration.id=CAL-0"), Where("metadata.instrument.calibration.id=CAL-1"),
                Where("parameters.dwell=3")],
        };

        Assert.Empty(AllPages(store, query));

        // 200 records each for the two calibrations and none in both: the dwell comparison is never read.
        var plan = store.ExplainMeasurementQuery(query);
        Assert.Equal(2, plan.Count(p => p.StartsWith("search keys", StringComparison.Ordinal)));
        Assert.Contains("0 candidates from search keys", plan);
    }

    [Fact]
    public async Task QueryMeasurements_WhereWithUnits_ConvertsIntoEachRecordsUnits()
    {
        using var store = new LiteDbStore(_dir.Options);
        await store.AddMeasurementAsync(Measurement(1, temperature: 700, units: "K"));   // 426.85 Cel
        await store.AddMeasurementAsync(Measurement(2, temperature: 800, units: "K"));   // 526.85 Cel
        await store.AddMeasurementAsync(Measurement(3, temperature: 510, units: "Cel"));
        await store.AddMeasurementAsync(Measurement(4, temperature: 490, units: "Cel"));

        var query = new MeasurementQuery { Where = [Where("conditions.temperature>500[Cel]")], ConvertUnits = KelvinCelsius };
        Assert.Equal(["m00003", "m00002"], AllPages(store, query));

        // Without units the number is compared in each record's own units.
        Assert.Equal(["m00003", "m00002", "m00001"], AllPages(store, new MeasurementQuery { Where = [Where("conditions.temperature>500")] }));
    }

    [Fact]
    public async Task QueryMeasurements_TextEquality_ExactNotCaseInsensitive()
    {
        using var store = new LiteDbStore(_dir.Options);
        await store.AddMeasurementAsync(Measurement(1, target: "Cu"));
        await store.AddMeasurementAsync(Measurement(2, target: "cu"));
        await store.AddMeasurementAsync(Measurement(3, target: "Co"));

        Assert.Equal(["m00001"], AllPages(store, new MeasurementQuery { Where = [Where("parameters.target=Cu")] }));
        Assert.Equal(["m00003", "m00002"], AllPages(store, new MeasurementQuery { Where = [Where("parameters.target!=Cu")] }));
    }

    [Fact]
    public async Task QueryMeasurements_InstrumentAndTimeRange_ReadsInstrumentTimeIndexOnly()
    {
        using var store = await FillAsync(new LiteDbStore(_dir.Options), 2000, i => Measurement(i, instrument: $"furnace-{i % 4:D2}"));
        var query = new MeasurementQuery { InstrumentId = "furnace-02", From = T0.AddSeconds(1000), To = T0.AddSeconds(1100), Limit = 10 };

        var ids = AllPages(store, query);

        Assert.Equal(Enumerable.Range(1000, 100).Where(i => i % 4 == 2).Reverse().Select(i => $"m{i:D5}"), ids);
        var plan = Assert.Single(store.ExplainMeasurementQuery(query), p => p.Contains("index, newest first", StringComparison.Ordinal));
        Assert.Contains("\"name\":\"IT\"", plan);
        Assert.Contains("INDEX RANGE", plan);
        Assert.DoesNotContain("orderBy", plan); // the index order is the result order: nothing is sorted
    }

    [Fact]
    public async Task QueryMeasurements_Owner_ReadsOwnerTimeIndex()
    {
        using var store = await FillAsync(new LiteDbStore(_dir.Options), 500, i => Measurement(i, owner: i % 50 == 0 ? "alice" : "bob"));
        var query = new MeasurementQuery { Owner = "alice", Limit = 3 };

        Assert.Equal(Enumerable.Range(0, 500).Where(i => i % 50 == 0).Reverse().Select(i => $"m{i:D5}"), AllPages(store, query));
        var plan = Assert.Single(store.ExplainMeasurementQuery(query), p => p.Contains("index, newest first", StringComparison.Ordinal));
        Assert.Contains("\"name\":\"owner_time\"", plan);
        Assert.DoesNotContain("orderBy", plan);
    }

    [Fact]
    public async Task QueryMeasurements_Incomplete_FoundBySearchKey()
    {
        using var store = await FillAsync(new LiteDbStore(_dir.Options), 300, i => Measurement(i, complete: i % 100 != 42));

        Assert.Equal(["m00242", "m00142", "m00042"], AllPages(store, new MeasurementQuery { Complete = false }));
        Assert.Equal(297, AllPages(store, new MeasurementQuery { Complete = true, Limit = 1000 }).Count);
    }

    [Fact]
    public async Task Reopen_SearchUnitsRemembered()
    {
        using (var store = new LiteDbStore(_dir.Options))
        {
            await store.AddMeasurementAsync(Measurement(1, temperature: 800, units: "K"));
        }

        using var reopened = new LiteDbStore(_dir.Options);
        var query = new MeasurementQuery { Where = [Where("conditions.temperature>500[Cel]")], ConvertUnits = KelvinCelsius };
        Assert.Equal(["m00001"], AllPages(reopened, query));
    }

    [Fact]
    public async Task Reopen_FileOfTheEarlierLayout_UpgradedAndSearchable()
    {
        using var source = new TempDataDirectory();
        using (var store = new LiteDbStore(source.Options))
        {
            await FillAsync(store, 20, i => Measurement(i, temperature: i * 10));
        }

        // A file as the hub before layout 1 made it: LiteDB's default (culture, ignore-case) collation, no search keys on the
        // measurements but a collection of them, the indexes since dropped.
        Directory.CreateDirectory(_dir.Path);
        using (var from = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = source.Options.DatabasePath }))
        using (var old = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = _dir.Options.DatabasePath }))
        {
            var measurements = old.GetCollection("measurements");
            measurements.InsertBulk(from.GetCollection("measurements").FindAll().Select(d =>
            {
                d.Remove("SK");
                return d;
            }));
            old.GetCollection("measurement_key_units").InsertBulk(from.GetCollection("measurement_key_units").FindAll());
            measurements.EnsureIndex("Seq", "$.Seq", unique: true);
            measurements.EnsureIndex("RecordInstrumentId", "$.Record.InstrumentId");
            old.GetCollection("measurement_keys").Insert(new LiteDB.BsonDocument { ["_id"] = "conditions.temperature|n||x" });
            Assert.Equal(System.Globalization.CompareOptions.IgnoreCase, old.Collation.SortOptions);
            Assert.Equal(0, old.UserVersion);
        }

        using var reopened = new LiteDbStore(_dir.Options);
        await reopened.AddMeasurementAsync(Measurement(20, temperature: 200));

        Assert.Equal(["m00020", "m00019", "m00018"],
            AllPages(reopened, new MeasurementQuery { Where = [Where("conditions.temperature>175")] }));
        var plan = reopened.ExplainMeasurementQuery(new MeasurementQuery { Where = [Where("conditions.temperature>175")] });
        Assert.Contains(plan, p => p.Contains("\"name\":\"SK\"", StringComparison.Ordinal));
        reopened.Read(db =>
        {
            Assert.Equal(1, db.UserVersion);
            Assert.Equal(System.Globalization.CompareOptions.IgnoreCase, db.Collation.SortOptions); // kept: LiteDB cannot change it in place
            Assert.False(db.CollectionExists("measurement_keys"));
            var indexes = db.GetCollection("$indexes").Find(LiteDB.Query.EQ("collection", "measurements")).Select(i => i["name"].AsString).ToList();
            Assert.DoesNotContain("Seq", indexes);
            Assert.DoesNotContain("RecordInstrumentId", indexes);
            return 0;
        });
    }

    [Fact]
    public async Task AddMeasurement_NameTooLongForAnIndexKey_StoredAndItsOtherValuesSearchable()
    {
        using var store = new LiteDbStore(_dir.Options);
        var record = Measurement(1, temperature: 600);
        record.Parameters.Add(new MeasuredValue { Name = new string('p', 1200), Number = 1, Units = "mm" });

        Assert.Equal(StoreOutcome.Stored, await store.AddMeasurementAsync(record));

        Assert.NotNull(store.GetMeasurement("m00001"));
        Assert.Equal(["m00001"], AllPages(store, new MeasurementQuery { Where = [Where("conditions.temperature>500")] }));
    }

    [Fact]
    public void NewFile_OrdinalCollation()
    {
        using var store = new LiteDbStore(_dir.Options);
        store.Read(db =>
        {
            Assert.Equal(System.Globalization.CompareOptions.Ordinal, db.Collation.SortOptions);
            return 0;
        });
    }

    [Fact]
    public async Task Reopen_UnitsFirstSeenInBatchWithRepeatedId_StillRemembered()
    {
        using (var store = new LiteDbStore(_dir.Options))
        {
            await store.AddMeasurementAsync(Measurement(0));

            // The repeated id, queued right after it, rolls back the batch in which the new units were first seen; the
            // measurement that brought them is stored on the retry.
            await Task.WhenAll(Enumerable.Range(1, 100).Select(i => store.AddMeasurementAsync(i switch
            {
                50 => Measurement(50, temperature: 800, units: "K"),
                51 => Measurement(0),
                _ => Measurement(i),
            })));
        }

        using var reopened = new LiteDbStore(_dir.Options);
        var query = new MeasurementQuery { Where = [Where("conditions.temperature>500[Cel]")], ConvertUnits = KelvinCelsius };
        Assert.Equal(["m00050"], AllPages(reopened, query));
    }
}
