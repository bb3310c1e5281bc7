using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;


namespace SsoTools.Emulator;

/// <summary>
/// The console federation endpoint (signin.aws.amazon.com/federation): getSigninToken turns role
/// credentials this emulator issued into a sign-in token, refusing SessionDuration for chained role
/// sessions as the service does; login redeems the token once, within 15 minutes, and sends the
/// browser to the destination. /_emulator/signins lists who signed in to what.
/// </summary>
internal sealed class SigninEndpoints
{
    private readonly EmulatorContext _ctx;

    public SigninEndpoints(EmulatorContext ctx) { _ctx = ctx; }

    // GET /federation?Action=getSigninToken|login
    public async Task HandleAsync(HttpContext http)
    {
        string action = http.Request.Query["Action"].ToString();
        if (action == "getSigninToken") await GetSigninTokenAsync(http);
        else if (action == "login") await LoginAsync(http);
        else await FailAsync(http, 400, "Unknown Action '" + action + "'.");
    }

    private async Task GetSigninTokenAsync(HttpContext http)
    {
        WireError? gated = await _ctx.Gate.AdmitAsync(Operations.GetSigninToken, oidc: false);
        if (gated is not null)
        {
            await FailAsync(http, gated.Status == 200 ? 500 : gated.Status, gated.Message);
            return;
        }
        string session = http.Request.Query["Session"].ToString();
        string? id = null, key = null, token = null;
        try
        {
            using var doc = JsonDocument.Parse(session);
            id = doc.RootElement.GetProperty("sessionId").GetString();
            key = doc.RootElement.GetProperty("sessionKey").GetString();
            token = doc.RootElement.GetProperty("sessionToken").GetString();
        }
        catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is System.Collections.Generic.KeyNotFoundException)
        {
            await FailAsync(http, 400, "Session must be JSON with sessionId, sessionKey and sessionToken.");
            return;
        }
        IssuedCredential? credential = _ctx.State.FindCredential(id);
        if (credential is null || credential.SecretAccessKey != key || credential.SessionToken != token || credential.Expiration <= _ctx.State.Now)
        {
            // The service answers a bare 400 to credentials it does not accept.
            await FailAsync(http, 400, "The credentials are not valid.");
            return;
        }
        int? duration = null;
        string durationText = http.Request.Query["SessionDuration"].ToString();
        if (durationText.Length > 0)
        {
            if (credential.Chained)
            {
                await FailAsync(http, 400, "SessionDuration is not allowed for credentials of a chained role session.");
                return;
            }
            if (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out int d) || d < 900 || d > 43200)
            {
                await FailAsync(http, 400, "SessionDuration must be between 900 and 43200 seconds.");
                return;
            }
            duration = d;
        }
        await Wire.WriteJsonAsync(http, new JsonObject { ["SigninToken"] = _ctx.State.IssueSigninToken(credential, duration) });
    }

    private async Task LoginAsync(HttpContext http)
    {
        await _ctx.Gate.AdmitAsync(Operations.ConsoleLogin, oidc: false);
        SigninTokenRecord? record = _ctx.State.RedeemSigninToken(http.Request.Query["SigninToken"].ToString());
        string destination = http.Request.Query["Destination"].ToString();
        if (record is null || !Uri.TryCreate(destination, UriKind.Absolute, out _))
        {
            await Wire.WriteHtmlAsync(http, 400, "Sign-in failed", "<p>The sign-in token is not valid, was used already, or is older than 15 minutes.</p>");
            return;
        }
        _ctx.State.NoteSignin(new ConsoleSignin(record.Credential.AccountId, record.Credential.RoleName, record.Credential.Chained,
            destination, http.Request.Query["Issuer"].ToString(), record.SessionDuration));
        http.Response.StatusCode = 302;
        http.Response.Headers.Location = destination;
    }

    private static async Task FailAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync(message);
    }
}
