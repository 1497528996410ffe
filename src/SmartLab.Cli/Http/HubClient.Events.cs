using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace SmartLab.Cli.Http;

internal sealed partial class HubClient
{
    /// <summary>
    /// The Server-Sent Events of <paramref name="path"/>, as they arrive, until the hub ends the stream. A broken
    /// connection surfaces as <see cref="HubUnreachableException"/> naming <paramref name="what"/>; the caller decides
    /// whether to reconnect.
    /// </summary>
    async IAsyncEnumerable<SseItem<string>> StreamEventsAsync(string path, string what, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Api(path));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            return request;
        }, repeatable: true, streamBody: true, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var items = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new HubUnreachableException(BaseAddress, $"the {what} broke: " + e.Message, e);
            }

            yield return items.Current;
        }
    }
}
