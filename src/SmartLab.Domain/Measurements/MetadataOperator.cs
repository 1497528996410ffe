namespace SmartLab.Domain.Measurements;

/// <summary>How a <see cref="MetadataCondition"/> compares a record's value with the condition's.</summary>
public enum MetadataOperator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}
