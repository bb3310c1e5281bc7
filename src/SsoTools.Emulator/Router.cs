using System;
using System.Collections.Generic;
using System.Threading.Tasks;


namespace SsoTools.Emulator;

/// <summary>
/// A fixed table of (method, path) to handler. The API surface is a dozen exact paths, so a
/// dictionary is all the routing needed, and skipping ASP.NET routing keeps start-up fast.
/// </summary>
internal sealed class Router
{
    private readonly Dictionary<(string Method, string Path), Func<HttpContext, Task>> _routes = new();

    public Router(EmulatorContext ctx)
    {
        var oidc = new OidcEndpoints(ctx);
        var browser = new BrowserEndpoints(ctx);
        var portal = new PortalEndpoints(ctx);
        var control = new ControlEndpoints(ctx);
        var sts = new StsEndpoints(ctx);
        var signin = new SigninEndpoints(ctx);

        Add("POST", "/client/register", oidc.RegisterClientAsync);
        Add("POST", "/device_authorization", oidc.StartDeviceAuthorizationAsync);
        Add("POST", "/token", oidc.CreateTokenAsync);
        Add("GET", "/device", browser.VerifyDeviceAsync);
        Add("GET", "/authorize", browser.AuthorizeAsync);
        Add("GET", "/assignment/accounts", portal.ListAccountsAsync);
        Add("GET", "/assignment/roles", portal.ListAccountRolesAsync);
        Add("GET", "/federation/credentials", portal.GetRoleCredentialsAsync);
        Add("POST", "/logout", portal.LogoutAsync);
        Add("POST", "/", sts.HandleAsync);                  // STS (AWS_ENDPOINT_URL_STS)
        Add("GET", "/federation", signin.HandleAsync);      // console sign-in (AWS_ENDPOINT_URL_SIGNIN)
        Add("GET", "/_emulator/counters", control.CountersAsync);
        Add("POST", "/_emulator/reset", control.ResetAsync);
        Add("GET", "/_emulator/options", control.GetOptionsAsync);
        Add("POST", "/_emulator/options", control.SetOptionsAsync);
        Add("POST", "/_emulator/expire-tokens", control.ExpireTokensAsync);
        Add("POST", "/_emulator/forget-clients", control.ForgetClientsAsync);
        Add("GET", "/_emulator/state", control.StateAsync);
        Add("GET", "/_emulator/secrets", control.SecretsAsync);
        Add("GET", "/_emulator/logouts", control.LogoutsAsync);
        Add("GET", "/_emulator/signins", control.SigninsAsync);
        Add("GET", "/_emulator/trap", control.TrapAsync);
        Add("POST", "/_emulator/trap/clear", control.ClearTrapAsync);
        Add("POST", "/_emulator/refresh-token", control.RefreshTokenStateAsync);
    }

    private void Add(string method, string path, Func<HttpContext, Task> handler) => _routes[(method, path)] = handler;

    public async Task HandleAsync(HttpContext http)
    {
        try
        {
            await DispatchAsync(http);
        }
        catch (Exception) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            // A bug here must look like a service fault to the client, not a dropped connection.
            http.Response.Clear();
            await Wire.WritePortalErrorAsync(http, new WireError(500, "InternalServerException", "server_error", "Emulator fault."));
        }
    }

    private Task DispatchAsync(HttpContext http)
    {
        // Every response carries a request id, as the services' do; the SDKs surface it.
        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        string path = http.Request.Path.Value ?? "/";
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }
        if (_routes.TryGetValue((http.Request.Method.ToUpperInvariant(), path), out Func<HttpContext, Task>? handler))
        {
            return handler(http);
        }
        return Wire.WritePortalErrorAsync(http, WireError.UnknownOperation());
    }
}
