namespace SmartLab.Cli.Http;

/// <summary>Filters of <c>GET /jobs</c>; null means no filter.</summary>
internal sealed record JobQuery(string? State = null, string? Instrument = null, string? Requester = null, int? Limit = null, string? Cursor = null)
{
    public string ToQueryString() =>
        QueryString.Build(("state", State), ("instrument", Instrument), ("requester", Requester), ("limit", Limit), ("cursor", Cursor));
}
