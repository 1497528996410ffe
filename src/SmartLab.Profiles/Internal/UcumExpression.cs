namespace SmartLab.Profiles.Internal;

/// <summary>
/// The shape of a UCUM expression (the UCUM syntax rules: terms joined by <c>.</c> and <c>/</c>, an optional leading
/// <c>/</c>, parentheses, integer exponents, <c>{annotations}</c>, integer factors). Unit atoms are only collected here;
/// whether they exist is for the UCUM tables to say. <see cref="Factors"/> flattens the term into a product of powers.
/// </summary>
internal sealed class UcumExpression
{
    readonly string text;
    int position;

    UcumExpression(string text) => this.text = text;

    /// <summary>The prefixed unit atoms, without exponents or annotations: <c>mL/min</c> gives mL and min.</summary>
    public List<string> Atoms { get; } = [];

    /// <summary>True when the expression is one unit, with no operator, exponent or parenthesis (e.g. <c>Cel</c>, <c>mCel</c>).</summary>
    public bool IsSingleUnit { get; private set; } = true;

    /// <summary>
    /// The expression as a product of powers, with division and parentheses already applied to the exponents:
    /// <c>J/(mol.K)</c> gives J¹, mol⁻¹, K⁻¹; <c>10*3/uL</c> gives 10*³, uL⁻¹; <c>g/9</c> gives g¹ and the number 9⁻¹.
    /// Annotations stand for 1 and are left out.
    /// </summary>
    public List<UcumFactor> Factors { get; } = [];

    /// <exception cref="FormatException">The text breaks the UCUM syntax; the message says where.</exception>
    public static UcumExpression Parse(string text)
    {
        var expression = new UcumExpression(text);
        expression.ParseMainTerm();
        return expression;
    }

    void ParseMainTerm()
    {
        // A leading '/' inverts only the first component (/s, /[in_i]): UCUM's own table reads that way, for example
        // Oe = 250 /[pi].A/m, which is 250/π A/m only if the '/' does not swallow the whole term.
        var firstSign = 1;
        if (Peek() == '/')
        {
            position++;
            IsSingleUnit = false;
            firstSign = -1;
        }

        ParseTerm(1, firstSign);
        if (position < text.Length)
        {
            throw Error($"unexpected '{text[position]}'");
        }
    }

    // UCUM's '.' and '/' have equal precedence and bind to the left, so a '/' inverts just the component after it;
    // sign is +1 or -1 for the whole term (-1 inside a divided parenthesis).
    void ParseTerm(int sign, int firstSign = 1)
    {
        ParseComponent(sign * firstSign);
        while (Peek() is '.' or '/')
        {
            var divides = text[position] == '/';
            position++;
            IsSingleUnit = false;
            ParseComponent(divides ? -sign : sign);
        }
    }

    void ParseComponent(int sign)
    {
        switch (Peek())
        {
            case '(':
                position++;
                IsSingleUnit = false;
                ParseTerm(sign);
                if (Peek() != ')')
                {
                    throw Error("missing ')'");
                }

                position++;
                break;

            case '{':
                ParseAnnotation();
                break;

            case null or '.' or '/' or ')':
                throw Error("a unit is missing");

            default:
                ParseAnnotatable(sign);
                if (Peek() == '{')
                {
                    ParseAnnotation();
                }

                break;
        }
    }

    void ParseAnnotatable(int sign)
    {
        var start = position;
        var depth = 0;

        // Square brackets may hold '.', '/' and digits ([in_i], [m/s2/Hz^(1/2)], B[10.nV]), so only split outside them.
        while (position < text.Length)
        {
            var c = text[position];
            if (depth == 0 && c is '.' or '/' or '(' or ')' or '{' or '}')
            {
                break;
            }

            if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth < 0)
            {
                throw Error("unbalanced ']'");
            }
            else if (c is < '!' or > '~')
            {
                throw Error($"'{c}' is not allowed in a unit code");
            }

            position++;
        }

        if (depth != 0)
        {
            throw Error("missing ']'");
        }

        var symbol = text[start..position];
        if (symbol.All(char.IsAsciiDigit))
        {
            // An integer factor such as the 1 in 1/s.
            IsSingleUnit = false;
            Factors.Add(new(symbol, sign, IsNumber: true));
            return;
        }

        // A trailing signed integer outside brackets is the exponent: m2, s-1, 10*3.
        var end = symbol.Length;
        while (end > 0 && char.IsAsciiDigit(symbol[end - 1]))
        {
            end--;
        }

        if (end < symbol.Length && end > 0 && symbol[end - 1] is '+' or '-')
        {
            end--;
        }

        if (end == 0)
        {
            throw Error($"'{symbol}' has an exponent but no unit");
        }

        if (end < symbol.Length)
        {
            IsSingleUnit = false;
        }

        Atoms.Add(symbol[..end]);
        Factors.Add(new(symbol[..end], sign * Exponent(symbol.AsSpan(end)), IsNumber: false));
    }

    // Saturates rather than fails on absurd exponents: whether one is too large is for the caller to judge.
    static int Exponent(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            return 1;
        }

        var negative = digits[0] == '-';
        var magnitude = 0;
        foreach (var c in digits[(digits[0] is '+' or '-' ? 1 : 0)..])
        {
            magnitude = magnitude > (int.MaxValue - 9) / 10 ? int.MaxValue : (magnitude * 10) + (c - '0');
        }

        return negative ? -magnitude : magnitude;
    }

    void ParseAnnotation()
    {
        var close = text.IndexOf('}', position);
        if (close < 0)
        {
            throw Error("missing '}'");
        }

        var body = text.AsSpan(position + 1, close - position - 1);
        if (body.ContainsAny('{', '['))
        {
            throw Error("an annotation cannot contain '{' or '['");
        }

        foreach (var c in body)
        {
            if (c is < '!' or > '~')
            {
                throw Error($"'{c}' is not allowed in an annotation");
            }
        }

        position = close + 1;
    }

    char? Peek() => position < text.Length ? text[position] : null;

    FormatException Error(string problem) => new($"{problem} at character {position + 1}");
}
