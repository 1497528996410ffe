using PureHDF;
using SmartLab.Export.Model;

namespace SmartLab.Export.Nexus;

/// <summary>
/// The NXdata group: the plottable data with <c>signal</c> and <c>axes</c> attributes. A decoded image is the signal with
/// pixel-position axes when the document gives a pixel size; otherwise the first non-axis array is the signal.
/// </summary>
static class NexusData
{
    public static H5Group Build(MeasurementDocument doc, ushort[,]? image)
    {
        var data = NexusWriter.Group("NXdata");
        if (image is not null)
        {
            AddImage(data, doc, image);
        }

        var axis = doc.Axis;
        foreach (var column in doc.Columns)
        {
            var name = NexusNames.Safe(column.Name);
            if (data.ContainsKey(name))
            {
                continue;
            }

            H5Dataset dataset = column.Numbers is { } numbers ? new H5Dataset(numbers) : new H5Dataset(column.Texts!);
            dataset.Attributes["units"] = column.Units ?? "";
            dataset.Attributes["long_name"] = column.Header;
            data[name] = dataset;
        }

        if (image is not null)
        {
            return data;
        }

        var signal = doc.Signals.FirstOrDefault();
        if (signal is not null)
        {
            data.Attributes["signal"] = NexusNames.Safe(signal.Name);
            data.Attributes["axes"] = new[] { axis is null ? "." : NexusNames.Safe(axis.Name) };
            if (axis is not null)
            {
                data.Attributes[$"{NexusNames.Safe(axis.Name)}_indices"] = 0;
            }

            var others = doc.Signals.Skip(1).Select(s => NexusNames.Safe(s.Name)).ToArray();
            if (others.Length > 0)
            {
                data.Attributes["auxiliary_signals"] = others;
            }
        }

        return data;
    }

    static void AddImage(H5Group data, MeasurementDocument doc, ushort[,] image)
    {
        data["image"] = new H5Dataset(image) { Attributes = { ["units"] = "{counts}", ["long_name"] = "detector image [{counts}]" } };
        data.Attributes["signal"] = "image";
        var pixel = doc.Scalars.FirstOrDefault(s => s.Name == "pixelSize" && s.Number is > 0);
        if (pixel is null)
        {
            data.Attributes["axes"] = new[] { ".", "." };
            return;
        }

        // Pixel centres from the top-left corner, in the pixel size's own units.
        double[] Positions(int count) => Enumerable.Range(0, count).Select(i => i * pixel.Number!.Value).ToArray();
        var unit = pixel.Unit ?? "";
        data["y"] = new H5Dataset(Positions(image.GetLength(0))) { Attributes = { ["units"] = unit, ["long_name"] = $"y [{unit}]" } };
        data["x"] = new H5Dataset(Positions(image.GetLength(1))) { Attributes = { ["units"] = unit, ["long_name"] = $"x [{unit}]" } };
        data.Attributes["axes"] = new[] { "y", "x" };
        data.Attributes["y_indices"] = 0;
        data.Attributes["x_indices"] = 1;
    }
}
