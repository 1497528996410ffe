using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace SmartLab.Simulators.Imaging;

/// <summary>
/// Minimal PNG writer for greyscale images (8 or 16 bits per sample): one IHDR, one zlib-compressed IDAT with the
/// Sub filter on every row, IEND. Enough for detector frames; no colour, palette or interlacing.
/// </summary>
public static class PngEncoder
{
    static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Encodes a 16-bit greyscale image; <paramref name="pixels"/> holds <paramref name="height"/> rows of <paramref name="width"/> samples.</summary>
    public static byte[] EncodeGray16(int width, int height, ReadOnlySpan<ushort> pixels)
    {
        Check(width, height, pixels.Length);
        using var output = Begin(width, height, 16);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var raw = new byte[width * 2];
            var filtered = new byte[raw.Length + 1];
            for (var y = 0; y < height; y++)
            {
                var row = pixels.Slice(y * width, width);
                for (var x = 0; x < width; x++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(x * 2), row[x]);
                }

                WriteRow(zlib, raw, filtered, bytesPerPixel: 2);
            }
        }

        return Finish(output, compressed);
    }

    /// <summary>Encodes an 8-bit greyscale image.</summary>
    public static byte[] EncodeGray8(int width, int height, ReadOnlySpan<byte> pixels)
    {
        Check(width, height, pixels.Length);
        using var output = Begin(width, height, 8);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var raw = new byte[width];
            var filtered = new byte[raw.Length + 1];
            for (var y = 0; y < height; y++)
            {
                pixels.Slice(y * width, width).CopyTo(raw);
                WriteRow(zlib, raw, filtered, bytesPerPixel: 1);
            }
        }

        return Finish(output, compressed);
    }

    static MemoryStream Begin(int width, int height, byte bitDepth)
    {
        var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = bitDepth;
        header[9] = 0; // greyscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);
        return output;
    }

    static void WriteRow(Stream zlib, byte[] raw, byte[] filtered, int bytesPerPixel)
    {
        filtered[0] = 1; // Sub: each byte minus the byte one pixel to the left
        for (var i = 0; i < raw.Length; i++)
        {
            filtered[i + 1] = (byte)(raw[i] - (i >= bytesPerPixel ? raw[i - bytesPerPixel] : 0));
        }

        zlib.Write(filtered);
    }

    static byte[] Finish(MemoryStream output, MemoryStream compressed)
    {
        WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);

        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(checksum, crc.GetCurrentHashAsUInt32());
        output.Write(checksum);
    }

    static void Check(int width, int height, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (samples != width * height)
        {
            throw new ArgumentException($"expected {width * height} samples for {width}×{height}, got {samples}");
        }
    }
}
