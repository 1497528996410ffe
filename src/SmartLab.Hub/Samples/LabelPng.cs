using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace SmartLab.Hub.Samples;

/// <summary>PNG post-processing for labels.</summary>
internal static class LabelPng
{
    private const int SignatureLength = 8;

    // Length, type, 13 bytes of data, CRC: the IHDR chunk always comes first and has this size.
    private const int HeaderChunkLength = 4 + 4 + 13 + 4;

    /// <summary>
    /// Adds a pHYs chunk stating the print resolution, so label-printing software prints the image at its
    /// intended physical size instead of guessing (Skia's encoder writes none).
    /// </summary>
    public static byte[] WithResolution(ReadOnlySpan<byte> png, int dotsPerInch)
    {
        var pixelsPerMetre = (uint)Math.Round(dotsPerInch / 0.0254);
        Span<byte> chunk = stackalloc byte[4 + 4 + 9 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, 9);
        Encoding.ASCII.GetBytes("pHYs", chunk[4..8]);
        BinaryPrimitives.WriteUInt32BigEndian(chunk[8..], pixelsPerMetre);
        BinaryPrimitives.WriteUInt32BigEndian(chunk[12..], pixelsPerMetre);
        chunk[16] = 1; // unit: metre
        BinaryPrimitives.WriteUInt32BigEndian(chunk[17..], Crc32.HashToUInt32(chunk[4..17]));

        var insertAt = SignatureLength + HeaderChunkLength;
        var result = new byte[png.Length + chunk.Length];
        png[..insertAt].CopyTo(result);
        chunk.CopyTo(result.AsSpan(insertAt));
        png[insertAt..].CopyTo(result.AsSpan(insertAt + chunk.Length));
        return result;
    }
}
