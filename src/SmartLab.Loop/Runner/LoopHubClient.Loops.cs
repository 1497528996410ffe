using System.Net.Http.Json;
using SmartLab.Contracts.Api;
using SmartLab.Loop.Runner.Internal;

namespace SmartLab.Loop.Runner;

public sealed partial class LoopHubClient
{
    /// <summary>The clock this client times its requests and retries with.</summary>
    internal TimeProvider Time => _time;

    /// <summary>
    /// <c>PUT /loops/{name}</c>: tells the hub how the loop stands, for people following it in the web pages. One attempt
    /// within the request timeout and no retries: a status report is replaced by the next one anyway.
    /// </summary>
    /// <exception cref="LoopHubException">The hub refused the report or did not answer in time.</exception>
    public async Task ReportLoopAsync(string name, LoopStatusReport report, CancellationToken cancellationToken = default)
    {
        var path = Api("loops/" + Segment(name));
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage response;
        try
        {
            response = await _http.PutAsJsonAsync(path, report, LoopJson.Options, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new LoopHubException($"the hub did not take the loop's status: {e.Message}", null, null, null, unreachable: true, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ProblemAsync(response, $"PUT {new Uri(BaseAddress, path)}", cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
