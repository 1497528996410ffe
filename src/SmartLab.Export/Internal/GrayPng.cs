using System.Buffers.Binary;
using System.IO.Compression;

namespace SmartLab.Export.Internal;

/// <summary>
/// Decodes non-interlaced greyscale PNGs (8 or 16 bits), the kind detector frames are saved as, into a 2D array of
/// samples for NeXus. Anything else (colour, palette, interlaced, damaged) gives null: the PNG is still exported as bytes.
/// </summary>
static class GrayPng
{
    static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Refuse frames whose pixel buffer would be absurd (a hostile header can claim any size).</summary>
    const long MaxPixels = 64L * 1024 * 1024;

    public static ushort[,]? TryDecode(byte[] png)
    {
        try
        {
            return Decode(png);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    static ushort[,]? Decode(byte[] png)
    {
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            return null;
        }

        int width = 0, height = 0, depth = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            if (length < 0 || at + 12 + (long)length > png.Length)
            {
                return null;
            }

            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                depth = data[8];
                if (data[9] != 0 || data[12] != 0 || depth is not (8 or 16) || width <= 0 || height <= 0 || (long)width * height > MaxPixels)
                {
                    return null;
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            at += 12 + length;
        }

        if (width == 0)
        {
            return null;
        }

        var bytesPerPixel = depth / 8;
        var stride = width * bytesPerPixel;
        var raw = new byte[(long)(stride + 1) * height];
        idat.Position = 0;
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.ReadExactly(raw);
        }

        var image = new ushort[height, width];
        var previous = new byte[stride];
        var current = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * (stride + 1), stride + 1);
            Unfilter(row[0], row[1..], current, previous, bytesPerPixel);
            for (var x = 0; x < width; x++)
            {
                image[y, x] = depth == 16 ? BinaryPrimitives.ReadUInt16BigEndian(current.AsSpan(x * 2)) : current[x];
            }

            (previous, current) = (current, previous);
        }

        return image;
    }

    static void Unfilter(byte filter, ReadOnlySpan<byte> row, byte[] output, byte[] above, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? output[i - bpp] : 0, up = above[i], upLeft = i >= bpp ? above[i - bpp] : 0;
            output[i] = (byte)(row[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"PNG filter {filter}"),
            });
        }
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
