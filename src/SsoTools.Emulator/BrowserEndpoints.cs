using System;
using System.Text;
using System.Threading.Tasks;


namespace SsoTools.Emulator;

/// <summary>
/// The pages a person's browser would see: /device (device-code verification) and /authorize
/// (PKCE). The simulated user's answer comes from EmulatorOptions.User. These are not API
/// operations, so they skip the request gate (no latency, FailNext or throttling).
/// </summary>
internal sealed class BrowserEndpoints
{
    private readonly EmulatorContext _ctx;

    public BrowserEndpoints(EmulatorContext ctx) => _ctx = ctx;

    // GET /device[?user_code=XXXX-XXXX]
    public Task VerifyDeviceAsync(HttpContext http)
    {
        _ctx.Counters.Increment(Operations.VerifyDevice);
        string? userCode = http.Request.Query["user_code"];
        if (string.IsNullOrWhiteSpace(userCode))
        {
            return Wire.WriteHtmlAsync(http, 200, "Authorize request",
                "<form method=\"get\" action=\"/device\"><label>Code <input name=\"user_code\"></label>" +
                "<button type=\"submit\">Next</button></form>");
        }
        return _ctx.State.VerifyUserCode(userCode) switch
        {
            VerifyOutcome.Approved => Wire.WriteHtmlAsync(http, 200, "Request approved",
                "<p id=\"result\">approved</p><p>You can close this window.</p>"),
            VerifyOutcome.Denied => Wire.WriteHtmlAsync(http, 200, "Request denied",
                "<p id=\"result\">denied</p>"),
            VerifyOutcome.Waiting => Wire.WriteHtmlAsync(http, 200, "Waiting for approval",
                "<p id=\"result\">waiting</p>"),
            VerifyOutcome.Expired => Wire.WriteHtmlAsync(http, 400, "Code expired",
                "<p id=\"result\">expired</p>"),
            VerifyOutcome.AlreadyUsed => Wire.WriteHtmlAsync(http, 400, "Code already used",
                "<p id=\"result\">used</p>"),
            _ => Wire.WriteHtmlAsync(http, 404, "Unknown code", "<p id=\"result\">unknown</p>"),
        };
    }

    // GET /authorize?response_type=code&client_id=&redirect_uri=&state=&code_challenge_method=S256&scopes=&code_challenge=
    public Task AuthorizeAsync(HttpContext http)
    {
        _ctx.Counters.Increment(Operations.Authorize);
        IQueryCollection q = http.Request.Query;
        string? responseType = q["response_type"];
        string? clientId = q["client_id"];
        string? redirectUri = q["redirect_uri"];
        string? state = q["state"];
        string? method = q["code_challenge_method"];
        string? challenge = q["code_challenge"];

        // Problems with the client or the redirect URI must not redirect (RFC 6749 §4.1.2.1):
        // the page says what is wrong, which is what a person would see.
        ClientRecord? client = _ctx.State.FindClient(clientId);
        if (client is null)
        {
            return Problem(http, "Unknown or expired client_id.");
        }
        if (!client.Registered(GrantTypes.AuthorizationCode))
        {
            return Problem(http, "The client is not registered for the authorization_code grant.");
        }
        if (string.IsNullOrEmpty(redirectUri) || !LoopbackRedirect.IsCallback(redirectUri))
        {
            return Problem(http, "redirect_uri must be http://127.0.0.1:PORT/oauth/callback.");
        }
        bool registered = false;
        foreach (string r in client.RedirectUris)
        {
            registered |= LoopbackRedirect.SameIgnoringPort(r, redirectUri);
        }
        if (!registered)
        {
            return Problem(http, "redirect_uri does not match the registered redirect URIs.");
        }
        if (responseType != "code")
        {
            return Problem(http, "response_type must be code.");
        }
        if (method != "S256" || string.IsNullOrEmpty(challenge))
        {
            return Problem(http, "code_challenge with code_challenge_method=S256 is required.");
        }

        switch (_ctx.Options.User)
        {
            case "approve":
                string code = _ctx.State.CreateAuthorizationCode(client, redirectUri, challenge);
                return Redirect(http, redirectUri, "code=" + Uri.EscapeDataString(code), state);
            case "deny":
                return Redirect(http, redirectUri,
                    "error=access_denied&error_description=" + Uri.EscapeDataString("The user denied the request."), state);
            default:
                return Wire.WriteHtmlAsync(http, 200, "Waiting for approval", "<p id=\"result\">waiting</p>");
        }
    }

    private static Task Redirect(HttpContext http, string redirectUri, string query, string? state)
    {
        var location = new StringBuilder(redirectUri).Append('?').Append(query);
        if (state is not null)
        {
            location.Append("&state=").Append(Uri.EscapeDataString(state));
        }
        http.Response.StatusCode = StatusCodes.Status302Found;
        http.Response.Headers.Location = location.ToString();
        http.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    private static Task Problem(HttpContext http, string message) =>
        Wire.WriteHtmlAsync(http, 400, "Authorization error", "<p id=\"error\">" + Wire.Html(message) + "</p>");
}
