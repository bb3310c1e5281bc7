using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;


namespace SsoTools.Emulator;

/// <summary>Reading rest-json requests and writing responses the way the AWS services do.</summary>
internal static class Wire
{
    public static Task WriteJsonAsync(HttpContext ctx, JsonObject body, int status = 200)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>SSO OIDC error: OAuth 2.0 body, exception name in x-amzn-ErrorType.</summary>
    public static Task WriteOidcErrorAsync(HttpContext ctx, WireError error)
    {
        if (error.IsMalformed) return WriteMalformedAsync(ctx);
        ctx.Response.Headers["x-amzn-ErrorType"] = error.Type;
        var body = new JsonObject
        {
            ["error"] = error.OAuthCode,
            ["error_description"] = error.Message,
        };
        return WriteJsonAsync(ctx, body, error.Status);
    }

    /// <summary>SSO portal error: {"message"} body, exception name in x-amzn-ErrorType.</summary>
    public static Task WritePortalErrorAsync(HttpContext ctx, WireError error)
    {
        if (error.IsMalformed) return WriteMalformedAsync(ctx);
        ctx.Response.Headers["x-amzn-ErrorType"] = error.Type;
        return WriteJsonAsync(ctx, new JsonObject { ["message"] = error.Message }, error.Status);
    }

    /// <summary>A 200 with JSON cut off mid-way: what a broken proxy or a dropped connection hands a client.</summary>
    static Task WriteMalformedAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync("{\"accountList\": [{\"accountId\": \"1111");
    }

    public static Task WriteHtmlAsync(HttpContext ctx, int status, string title, string bodyHtml)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        ctx.Response.Headers["Cache-Control"] = "no-store";
        string page =
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + Html(title) + "</title></head>" +
            "<body><h1>" + Html(title) + "</h1>" + bodyHtml + "</body></html>";
        return ctx.Response.WriteAsync(page);
    }

    public static string Html(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Parses the JSON request body; an empty body is an empty object.</summary>
    public static async Task<(JsonElement Body, WireError? Error)> ReadBodyAsync(HttpContext ctx)
    {
        try
        {
            using JsonDocument doc = await JsonDocument.ParseAsync(ctx.Request.Body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, WireError.InvalidRequest("The request body must be a JSON object."));
            }
            return (doc.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            // JsonDocument rejects an empty stream too; tell the two apart by length when known.
            if (ctx.Request.ContentLength is null or 0)
            {
                using JsonDocument empty = JsonDocument.Parse("{}");
                return (empty.RootElement.Clone(), null);
            }
            return (default, WireError.InvalidRequest("The request body is not valid JSON."));
        }
    }

    /// <summary>A string member, or null when absent or null. A non-string is reported as invalid.</summary>
    public static string? GetString(JsonElement body, string name, ref WireError? error)
    {
        if (!body.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            error ??= WireError.InvalidRequest($"{name} must be a string.");
            return null;
        }
        return v.GetString();
    }

    public static List<string>? GetStringList(JsonElement body, string name, ref WireError? error)
    {
        if (!body.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            error ??= WireError.InvalidRequest($"{name} must be a list of strings.");
            return null;
        }
        var list = new List<string>();
        foreach (JsonElement item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error ??= WireError.InvalidRequest($"{name} must be a list of strings.");
                return null;
            }
            list.Add(item.GetString()!);
        }
        return list;
    }

    public static long ToEpochSeconds(DateTimeOffset t) => t.ToUnixTimeSeconds();
}
