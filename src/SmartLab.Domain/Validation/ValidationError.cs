namespace SmartLab.Domain.Validation;

/// <summary>One problem with an input: the offending field, a stable code and a sentence a scientist can act on.</summary>
public sealed record ValidationError(string Field, string Code, string Message);
