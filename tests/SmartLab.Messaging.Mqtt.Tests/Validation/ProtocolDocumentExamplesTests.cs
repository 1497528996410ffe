using System.Text.Json;
using System.Text.RegularExpressions;
using SmartLab.Messaging.Mqtt.Validation;

namespace SmartLab.Messaging.Mqtt.Tests.Validation;

/// <summary>
/// Every JSON example in docs/protocol.md that is marked <c>&lt;!-- schema: kind --&gt;</c> must pass its schema,
/// so the document integrators copy from never drifts from what the hub accepts.
/// </summary>
public partial class ProtocolDocumentExamplesTests
{
    [Fact]
    public void ProtocolDocument_MarkedExamples_PassTheirSchemas()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "protocol.md"));
        var failures = new List<string>();
        var seen = new HashSet<PayloadKind>();

        foreach (Match match in MarkedExample().Matches(text))
        {
            var kindName = match.Groups["kind"].Value;
            if (!Enum.TryParse<PayloadKind>(kindName, ignoreCase: false, out var kind))
            {
                failures.Add($"unknown kind `{kindName}`");
                continue;
            }

            seen.Add(kind);
            try
            {
                using var document = JsonDocument.Parse(match.Groups["json"].Value);
                var check = PayloadSchemas.Shared.Validate(kind, document.RootElement);
                if (!check.IsValid)
                {
                    failures.Add($"{kind}: {check.Message}\n{match.Groups["json"].Value}");
                }
            }
            catch (JsonException ex)
            {
                failures.Add($"{kind}: not JSON: {ex.Message}\n{match.Groups["json"].Value}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(PayloadKinds.All.ToHashSet(), seen);
    }

    [GeneratedRegex(@"<!--\s*schema:\s*(?<kind>\w+)\s*-->\s*```json\s*\n(?<json>.*?)\n\s*```", RegexOptions.Singleline)]
    private static partial Regex MarkedExample();
}
