using System.Globalization;
using System.Numerics;

namespace SmartLab.Profiles.Internal;

/// <summary>
/// An exact fraction. Unit factors are kept exact (60, 1/1000, 5/9, the essence file's decimals) and a converted
/// value is rounded to a double only once, at the end, so 0.5 h is exactly 30 min and 1 mL/min is the double nearest
/// 0.06 L/h rather than a product of rounded factors.
/// </summary>
internal readonly struct UcumRational
{
    UcumRational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = divisor.IsOne || divisor.IsZero ? numerator : numerator / divisor;
        Denominator = divisor.IsOne || divisor.IsZero ? denominator : denominator / divisor;
    }

    public static UcumRational Zero => new(BigInteger.Zero, BigInteger.One);

    public static UcumRational One => new(BigInteger.One, BigInteger.One);

    public BigInteger Numerator { get; }

    /// <summary>Always positive.</summary>
    public BigInteger Denominator { get; }

    public static UcumRational FromInteger(BigInteger value) => new(value, BigInteger.One);

    /// <summary>
    /// The decimal a double prints as (its shortest round-trip form), not its binary expansion: a user who types
    /// 273.16 K means 273.16, so converting it to Cel should give 0.01, not 0.010000000000000025.
    /// </summary>
    public static UcumRational FromDouble(double value) => Parse(value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Reads a decimal such as <c>60</c>, <c>6.0221367</c>, <c>980665e-5</c> or <c>-1.5E+20</c> exactly.</summary>
    /// <exception cref="FormatException">The text is not such a decimal.</exception>
    public static UcumRational Parse(string text)
    {
        var exponentAt = text.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0)
        {
            exponent -= mantissa.Length - point - 1;
            mantissa = mantissa.Remove(point, 1);
        }

        var digits = BigInteger.Parse(mantissa, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return exponent >= 0
            ? new(digits * BigInteger.Pow(10, exponent), BigInteger.One)
            : new(digits, BigInteger.Pow(10, -exponent));
    }

    public static UcumRational operator *(UcumRational left, UcumRational right) =>
        new(left.Numerator * right.Numerator, left.Denominator * right.Denominator);

    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static UcumRational operator /(UcumRational left, UcumRational right) => right.Numerator.IsZero
        ? throw new DivideByZeroException()
        : new(left.Numerator * right.Denominator, left.Denominator * right.Numerator);

    public static UcumRational operator +(UcumRational left, UcumRational right) =>
        new((left.Numerator * right.Denominator) + (right.Numerator * left.Denominator), left.Denominator * right.Denominator);

    public static UcumRational operator -(UcumRational left, UcumRational right) =>
        new((left.Numerator * right.Denominator) - (right.Numerator * left.Denominator), left.Denominator * right.Denominator);

    public UcumRational Pow(int exponent) => exponent >= 0
        ? new(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent))
        : new UcumRational(BigInteger.Pow(Denominator, -exponent), BigInteger.Pow(Numerator, -exponent));

    public bool IsZero => Numerator.IsZero;

    /// <summary>The nearest double (ties to even); ±infinity beyond the double range.</summary>
    public double ToDouble()
    {
        if (Numerator.IsZero)
        {
            return 0;
        }

        var magnitude = BigInteger.Abs(Numerator);
        var sign = Numerator.Sign;
        var bits = magnitude.GetBitLength() - Denominator.GetBitLength();
        if (bits > 1100)
        {
            return sign * double.PositiveInfinity;
        }

        if (bits < -1100)
        {
            return sign * 0.0;
        }

        // Scale so the quotient has 55 or 56 bits: 53 for the mantissa and the rest to round on; the remainder is
        // the sticky bit that tells an exact half from a little more than half.
        var shift = 55 - (int)bits;
        var quotient = shift >= 0
            ? BigInteger.DivRem(magnitude << shift, Denominator, out var remainder)
            : BigInteger.DivRem(magnitude, Denominator << -shift, out remainder);
        var extra = (int)quotient.GetBitLength() - 53;
        var mantissa = quotient >> extra;
        var dropped = quotient - (mantissa << extra);
        var half = BigInteger.One << (extra - 1);
        if (dropped > half || (dropped == half && (!remainder.IsZero || !mantissa.IsEven)))
        {
            mantissa += 1;
        }

        return sign * Math.ScaleB((double)(ulong)mantissa, extra - shift);
    }

    public override string ToString() => Denominator.IsOne
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}
