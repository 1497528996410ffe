using SmartLab.Contracts.Api;
using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Http;

internal sealed partial class HubClient
{
    public Task<SampleView> CreateSampleAsync(CreateSampleRequest sample, string idempotencyKey, CancellationToken cancellationToken) =>
        PostAsync<SampleView>(Api("samples"), sample, idempotencyKey, cancellationToken);

    public Task<Page<SampleView>> ListSamplesAsync(int? limit, string? cursor, CancellationToken cancellationToken) =>
        GetAsync<Page<SampleView>>(Api("samples" + QueryString.Build(("limit", limit), ("cursor", cursor))), cancellationToken);

    public Task<SampleView> GetSampleAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<SampleView>(Api($"samples/{Segment(id)}"), cancellationToken);

    /// <summary>Staff: the physical sample has arrived; its waiting jobs go to the queue.</summary>
    public Task<SampleReceipt> ReceiveSampleAsync(string id, CancellationToken cancellationToken) =>
        PostAsync<SampleReceipt>(Api($"samples/{Segment(id)}/receive"), body: null, idempotencyKey: null, cancellationToken);

    /// <summary>The sample's PNG label (QR code of its id, and the id in text).</summary>
    public async Task<byte[]> GetSampleLabelAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api($"samples/{Segment(id)}/label")),
            repeatable: true, streamBody: false, cancellationToken);
        var png = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!png.AsSpan().StartsWith(PngSignature))
        {
            throw new CliException($"the label of sample `{id}` is not a PNG image (media type {response.Content.Headers.ContentType?.MediaType ?? "none"})", ExitCodes.Failed);
        }

        return png;
    }

    public static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
}
