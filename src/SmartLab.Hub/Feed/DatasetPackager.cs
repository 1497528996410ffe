using System.Security.Cryptography;
using SmartLab.Domain.Feed;
using SmartLab.Domain.Measurements;
using SmartLab.Export.Model;
using SmartLab.Export.Nexus;
using SmartLab.Export.RoCrate;
using SmartLab.Export.Rde;
using SmartLab.Hub.Hosting;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Feed;

/// <summary>
/// The feed's package of a record in the data platform's formats: the record document and raw files of
/// <see cref="RecordPackager"/>, plus a NeXus file per measurement (<c>nexus/{id}.nxs</c>) and, for a job, its
/// RO-Crate (<c>{id}.ro-crate.zip</c>) and ARIM RDE registration package (<c>{id}.rde.zip</c>). A sink for NOMAD or
/// RDE takes the file it needs; a folder sink keeps them all.
/// </summary>
public sealed class DatasetPackager(RecordPackager records, DatasetAssembler assembler, LiteDbStore store) : IFeedPackager
{
    public async Task<FeedPackage> BuildAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var package = await records.BuildAsync(entry, cancellationToken).ConfigureAwait(false);
        var spool = Path.Combine(records.SpoolDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            var (dataset, isJob) = Assemble(entry);
            var files = new List<FeedFile>(package.Files);
            if (dataset is not null)
            {
                foreach (var measurement in dataset.Measurements)
                {
                    files.Add(Spool(spool, $"nexus/{RecordPackager.PathSegment(measurement.Record.Id)}.nxs", "application/x-hdf5",
                        stream => new NexusWriter().Write(dataset, measurement, stream)));
                }

                if (isJob)
                {
                    files.Add(Spool(spool, $"{RecordPackager.PathSegment(entry.Id)}.ro-crate.zip", "application/zip",
                        stream => new RoCrateWriter().Write(dataset, stream)));
                    files.Add(Spool(spool, $"{RecordPackager.PathSegment(entry.Id)}.rde.zip", "application/zip",
                        stream => new RdePackageWriter(assembler.Rde).Write(dataset, stream)));
                }
            }

            return new FeedPackage(package.RecordId, package.Kind, package.Record, files, () =>
            {
                package.Dispose();
                RecordPackager.DeleteQuietly(spool);
            });
        }
        catch
        {
            package.Dispose();
            RecordPackager.DeleteQuietly(spool);
            throw;
        }
    }

    /// <summary>The record's dataset with the measurements that are there (the record document lists any still missing).</summary>
    (DatasetExport? Dataset, bool IsJob) Assemble(OutboxEntry entry)
    {
        if (entry.Kind == OutboxKinds.Job)
        {
            var job = store.GetJob(entry.Id);
            if (job is null)
            {
                return (null, true);
            }

            var measurements = job.MeasurementIds.Select(store.GetMeasurement).OfType<MeasurementRecord>().ToList();
            return (measurements.Count == 0 ? null : assembler.ForJob(job, measurements), true);
        }

        return store.GetMeasurement(entry.Id) is { } measurement ? (assembler.ForMeasurement(measurement), false) : (null, false);
    }

    static FeedFile Spool(string spool, string path, string mediaType, Action<Stream> write)
    {
        Directory.CreateDirectory(spool);
        var local = Path.Combine(spool, Guid.NewGuid().ToString("N"));
        using (var stream = new FileStream(local, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            write(stream);
            stream.Flush();
        }

        byte[] hash;
        using (var read = File.OpenRead(local))
        {
            hash = SHA256.HashData(read);
        }

        return new FeedFile(path, mediaType, new FileInfo(local).Length, Convert.ToHexStringLower(hash), () => File.OpenRead(local));
    }
}
