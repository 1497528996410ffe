namespace SmartLab.Messaging.Mqtt.Validation;

/// <summary>
/// Outcome of checking one payload against its schema. When invalid, <see cref="Field"/> is the JSON path of the first
/// offending field (for example <c>files[0].sha256</c>; null when the payload as a whole is at fault) and
/// <see cref="Message"/> a sentence the sender can act on.
/// </summary>
public readonly record struct PayloadCheck(bool IsValid, string? Field, string? Message)
{
    public static PayloadCheck Valid => new(true, null, null);

    public static PayloadCheck Invalid(string? field, string message) => new(false, field, message);
}
