using System.Text.Json.Nodes;
using Json.Schema;

namespace SmartLab.Profiles.Internal;

internal static class SchemaMessages
{
    public static string Describe(string keyword, string message, string path, EvaluationResults detail, JsonNode? document)
        => $"[{keyword}] {message} @ {detail.EvaluationPath} / {detail.SchemaLocation}";
}
