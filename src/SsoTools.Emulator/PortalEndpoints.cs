using System;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;


namespace SsoTools.Emulator;

/// <summary>The SSO portal API: ListAccounts, ListAccountRoles, GetRoleCredentials, Logout.</summary>
internal sealed class PortalEndpoints
{
    private const string BearerHeader = "x-amz-sso_bearer_token";
    private readonly EmulatorContext _ctx;

    public PortalEndpoints(EmulatorContext ctx) => _ctx = ctx;

    // GET /assignment/accounts?next_token=&max_result=
    public async Task ListAccountsAsync(HttpContext http)
    {
        WireError? error = await AdmitAndAuthorizeAsync(http, Operations.ListAccounts);
        int total = _ctx.Options.Accounts;
        string[] ids = _ctx.Options.AccountIdList;
        (int start, int count) = error is null ? ReadPage(http, "accounts", total, ref error) : default;
        if (error is not null)
        {
            await Wire.WritePortalErrorAsync(http, error);
            return;
        }

        var list = new JsonArray();
        for (int i = start + 1; i <= start + count; i++)
        {
            list.Add(new JsonObject
            {
                ["accountId"] = AccountCatalog.AccountId(i, ids),
                ["accountName"] = AccountCatalog.AccountName(i),
                ["emailAddress"] = AccountCatalog.Email(i),
            });
        }
        var body = new JsonObject { ["accountList"] = list };
        AddNextToken(body, "accounts", start + count, total);
        await Wire.WriteJsonAsync(http, body);
    }

    // GET /assignment/roles?account_id=&next_token=&max_result=
    public async Task ListAccountRolesAsync(HttpContext http)
    {
        WireError? error = await AdmitAndAuthorizeAsync(http, Operations.ListAccountRoles);
        string? accountId = http.Request.Query["account_id"];
        if (error is null && string.IsNullOrEmpty(accountId))
        {
            error = WireError.InvalidRequest("account_id is required.");
        }
        if (error is null && !AccountCatalog.TryFindAccount(accountId, _ctx.Options.Accounts, _ctx.Options.AccountIdList, out _))
        {
            error = WireError.ResourceNotFound("No access to account " + accountId + ".");
        }
        int total = _ctx.Options.RolesPerAccount;
        (int start, int count) = error is null ? ReadPage(http, "roles:" + accountId, total, ref error) : default;
        if (error is not null)
        {
            await Wire.WritePortalErrorAsync(http, error);
            return;
        }

        var list = new JsonArray();
        for (int j = start; j < start + count; j++)
        {
            list.Add(new JsonObject { ["roleName"] = AccountCatalog.RoleName(j), ["accountId"] = accountId });
        }
        var body = new JsonObject { ["roleList"] = list };
        AddNextToken(body, "roles:" + accountId, start + count, total);
        await Wire.WriteJsonAsync(http, body);
    }

    // GET /federation/credentials?role_name=&account_id=
    public async Task GetRoleCredentialsAsync(HttpContext http)
    {
        WireError? error = await AdmitAndAuthorizeAsync(http, Operations.GetRoleCredentials);
        string? roleName = http.Request.Query["role_name"];
        string? accountId = http.Request.Query["account_id"];
        if (error is null && (string.IsNullOrEmpty(roleName) || string.IsNullOrEmpty(accountId)))
        {
            error = WireError.InvalidRequest("role_name and account_id are required.");
        }
        if (error is null && (!AccountCatalog.TryFindAccount(accountId, _ctx.Options.Accounts, _ctx.Options.AccountIdList, out _) ||
                              !AccountCatalog.HasRole(roleName, _ctx.Options.RolesPerAccount)))
        {
            error = WireError.ResourceNotFound("No access to role " + roleName + " in account " + accountId + ".");
        }
        if (error is not null)
        {
            await Wire.WritePortalErrorAsync(http, error);
            return;
        }

        IssuedCredential issued = _ctx.State.IssueCredential(accountId!, roleName!, null, null, _ctx.Options.CredentialLifetimeSeconds);
        await Wire.WriteJsonAsync(http, new JsonObject
        {
            ["roleCredentials"] = new JsonObject
            {
                ["accessKeyId"] = issued.AccessKeyId,
                ["secretAccessKey"] = issued.SecretAccessKey,
                ["sessionToken"] = issued.SessionToken,
                // Milliseconds, unlike every other timestamp in these APIs.
                ["expiration"] = issued.Expiration.ToUnixTimeMilliseconds(),
            },
        });
    }

    // POST /logout
    public async Task LogoutAsync(HttpContext http)
    {
        WireError? error = await _ctx.Gate.AdmitAsync(Operations.Logout, oidc: false);
        if (error is null) _ctx.State.NoteLogout(http.Request.Headers[BearerHeader].ToString());
        if (error is null && !_ctx.State.Logout(http.Request.Headers[BearerHeader]))
        {
            error = WireError.Unauthorized();
        }
        if (error is not null)
        {
            await Wire.WritePortalErrorAsync(http, error);
            return;
        }
        http.Response.StatusCode = 200;
    }

    private async Task<WireError?> AdmitAndAuthorizeAsync(HttpContext http, string operation)
    {
        WireError? error = await _ctx.Gate.AdmitAsync(operation, oidc: false);
        if (error is null && !_ctx.State.IsValidAccessToken(http.Request.Headers[BearerHeader]))
        {
            error = WireError.Unauthorized();
        }
        return error;
    }

    /// <summary>Start offset and page length from next_token and max_result.</summary>
    private (int Start, int Count) ReadPage(HttpContext http, string scope, int total, ref WireError? error)
    {
        int start = 0;
        string? token = http.Request.Query["next_token"];
        if (!string.IsNullOrEmpty(token) && !TryDecodeToken(token, scope, out start))
        {
            error = WireError.InvalidRequest("Invalid next_token.");
            return default;
        }
        int size = _ctx.Options.PageSize;
        string? max = http.Request.Query["max_result"];
        if (!string.IsNullOrEmpty(max))
        {
            if (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1)
            {
                error = WireError.InvalidRequest("max_result must be a positive integer.");
                return default;
            }
        }
        if (size < 1)
        {
            size = int.MaxValue; // PageSize 0: everything in one page
        }
        start = Math.Min(start, total);
        return (start, (int)Math.Min((long)size, total - start));
    }

    private static void AddNextToken(JsonObject body, string scope, int next, int total)
    {
        if (next < total)
        {
            // Opaque to clients, as the service's; it names what it pages so that a token
            // from one account's roles cannot page another's.
            body["nextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(scope + "|" + next.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static bool TryDecodeToken(string token, string scope, out int start)
    {
        start = 0;
        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            int bar = text.LastIndexOf('|');
            return bar > 0 && text.Substring(0, bar) == scope &&
                   int.TryParse(text.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out start);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
