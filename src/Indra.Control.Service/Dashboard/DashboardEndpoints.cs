using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Indra.Control.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Indra.Control.Service.Dashboard;

/// <summary>
/// Serves the dashboard's requests (docs/dashboard.md): refuses, with 401, any request without the token
/// (<see cref="DashboardToken"/>) and, with 403, one whose Host is not this loopback endpoint (a page of another site
/// reaching it through a rebound DNS name); answers the page and its assets, and the JSON the page polls
/// (<c>/api/tree</c>, <c>/api/timeline</c>, <c>/api/overview</c>), all read through the daemon's
/// <see cref="VaultControlService"/>. A first load with <c>?token=</c> sets the cookie and redirects to the bare path,
/// so the token leaves the address bar.
/// </summary>
internal sealed class DashboardEndpoints(VaultControlService control, DashboardToken token, Func<int> port, ILogger log)
{
    /// <summary>Hours the attention timeline covers: the last 7 days.</summary>
    public const int TimelineHours = 7 * 24;

    /// <summary>Handles <paramref name="context"/>'s request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        var host = request.Host.Host;
        if (request.Host.Port != port() || host is not ("127.0.0.1" or "localhost"))
        {
            await AnswerTextAsync(context, StatusCodes.Status403Forbidden, "this dashboard answers on 127.0.0.1 only\n").ConfigureAwait(false);
            return;
        }
        var query = request.Query["token"].ToString();
        var bearer = request.Headers.Authorization.ToString();
        var shown = query.Length > 0 ? query
            : bearer.StartsWith("Bearer ", StringComparison.Ordinal) ? bearer["Bearer ".Length..]
            : request.Cookies[DashboardToken.CookieName];
        if (!token.Matches(shown))
        {
            await AnswerTextAsync(context, StatusCodes.Status401Unauthorized, "the dashboard needs its token: run 'indra dashboard' for its URL\n").ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            await AnswerTextAsync(context, StatusCodes.Status405MethodNotAllowed, "the dashboard only reads\n").ConfigureAwait(false);
            return;
        }
        var route = request.Path.Value ?? "/";
        if (query.Length > 0 && !route.StartsWith("/api/", StringComparison.Ordinal))
        {
            response.Cookies.Append(DashboardToken.CookieName, token.Text, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = route;
            return;
        }
        try
        {
            await DispatchAsync(context, route).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The page went away.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogError(e, "dashboard request {Route} failed", route);
            if (!response.HasStarted) await AnswerTextAsync(context, StatusCodes.Status500InternalServerError, "an unexpected failure; see the daemon's log\n").ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext context, string route)
    {
        var cancel = context.RequestAborted;
        switch (route)
        {
            case "/api/tree":
                await AnswerJsonAsync(context, control.Treemap(cancel)).ConfigureAwait(false);
                return;
            case "/api/timeline":
                var hours = control.Timeline(TimelineHours, cancel).Select(h => new { hour = h.Hour, opens = h.Opens }).ToList();
                await AnswerJsonAsync(context, new { hours, total = hours.Sum(h => h.opens) }).ConfigureAwait(false);
                return;
            case "/api/overview":
                var overview = new
                {
                    status = await control.GetStatusAsync(cancel).ConfigureAwait(false),
                    peers = await control.GetPeersAsync(cancel).ConfigureAwait(false),
                    grants = await control.GetGrantsAsync(cancel).ConfigureAwait(false),
                    realms = await control.GetRealmsAsync(cancel).ConfigureAwait(false),
                    sync = JsonNode.Parse(control.SyncStatusJson()),
                };
                await AnswerJsonAsync(context, overview).ConfigureAwait(false);
                return;
        }
        if (DashboardAssets.Find(route) is not { } asset)
        {
            await AnswerTextAsync(context, StatusCodes.Status404NotFound, "no such page\n").ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = asset.Type;
        context.Response.ContentLength = asset.Bytes.Length;
        await context.Response.Body.WriteAsync(asset.Bytes, cancel).ConfigureAwait(false);
    }

    private static async Task AnswerJsonAsync<T>(HttpContext context, T value)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, ControlJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task AnswerTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The invariant text of <paramref name="port"/>, for URLs.</summary>
    public static string PortText(int port) => port.ToString(CultureInfo.InvariantCulture);
}
