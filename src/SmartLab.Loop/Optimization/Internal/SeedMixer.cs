namespace SmartLab.Loop.Optimization.Internal;

/// <summary>
/// Derives independent, reproducible seeds from a loop seed and a stream number (SplitMix64 finaliser).
/// Keying random draws by "which proposal is this" rather than by call history is what keeps the optimizers
/// stateless: the k-th proposal depends on the seed and k, not on how the calls were batched.
/// </summary>
internal static class SeedMixer
{
    public static int Mix(int seed, int stream)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32) | (uint)stream;
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }

    public static Random Random(int seed, int stream) => new(Mix(seed, stream));

    public static Random Random(int seed, int stream, int substream) => new(Mix(Mix(seed, stream), substream));
}
