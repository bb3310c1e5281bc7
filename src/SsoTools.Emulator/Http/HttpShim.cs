using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Emulator;

// The few pieces of an HTTP exchange the endpoints use, over System.Net.HttpListener: the emulator
// needs no ASP.NET Core, so it runs inside any PowerShell 7 (Start-SsoTestServer) as well as in the
// tests. The names follow ASP.NET Core's, which the endpoints were first written against.

/// <summary>One value of a query string or header (several joined by commas); converts to string.</summary>
internal readonly struct StringValues
{
    private readonly string? _value;
    public StringValues(string? value) { _value = value; }
    public int Count => _value is null ? 0 : 1;
    public override string ToString() => _value ?? "";
    public static implicit operator string?(StringValues v) => v._value;
}

internal interface IQueryCollection
{
    StringValues this[string key] { get; }
}

internal sealed class QueryCollection : IQueryCollection
{
    private readonly NameValueCollection _values;
    public QueryCollection(NameValueCollection values) { _values = values; }
    public StringValues this[string key] => new(_values[key]);
}

internal sealed class RequestHeaders
{
    private readonly NameValueCollection _values;
    public RequestHeaders(NameValueCollection values) { _values = values; }
    public StringValues this[string name] => new(_values[name]);
    public StringValues Authorization => this["Authorization"];
    public StringValues Host => this["Host"];
}

internal sealed class ResponseHeaders
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    public string this[string name]
    {
        get => _values.TryGetValue(name, out string? v) ? v : "";
        set => _values[name] = value;
    }
    public string Location { get => this["Location"]; set => this["Location"] = value; }
    public string CacheControl { get => this["Cache-Control"]; set => this["Cache-Control"] = value; }
    public IEnumerable<KeyValuePair<string, string>> All => _values;
    public void Clear() => _values.Clear();
}

internal readonly struct PathString
{
    public PathString(string? value) { Value = value; }
    public string? Value { get; }
}

internal readonly struct QueryString
{
    public QueryString(string? value) { Value = value; }
    public string? Value { get; }
}

internal sealed class HttpRequest
{
    public HttpRequest(HttpListenerRequest request)
    {
        Method = request.HttpMethod;
        Path = new PathString(request.Url?.AbsolutePath ?? "/");
        QueryString = new QueryString(request.Url?.Query);
        Query = new QueryCollection(ParseUrlEncoded(request.Url?.Query));
        Headers = new RequestHeaders(request.Headers);
        Body = request.InputStream;
        ContentLength = request.HasEntityBody ? request.ContentLength64 : 0;
        if (ContentLength < 0) ContentLength = null;
    }

    public string Method { get; }
    public PathString Path { get; }
    public QueryString QueryString { get; }
    public IQueryCollection Query { get; }
    public RequestHeaders Headers { get; }
    public Stream Body { get; }
    public long? ContentLength { get; }

    /// <summary>
    /// A query string or an application/x-www-form-urlencoded body, as ASP.NET Core reads them: '+' is a
    /// space, %XX decoded as UTF-8, the first of repeated keys.
    /// </summary>
    public static NameValueCollection ParseUrlEncoded(string? text)
    {
        var values = new NameValueCollection(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text)) return values;
        foreach (string pair in text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            string key = Uri.UnescapeDataString((eq < 0 ? pair : pair.Substring(0, eq)).Replace('+', ' '));
            string value = eq < 0 ? "" : Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' '));
            if (values[key] is null) values[key] = value;
        }
        return values;
    }
}

internal sealed class HttpResponse
{
    private readonly MemoryStream _body = new();

    public int StatusCode { get; set; } = 200;
    public string? ContentType { get; set; }
    public ResponseHeaders Headers { get; } = new();
    /// <summary>Never: the response is buffered and sent whole when the handler is done.</summary>
    public bool HasStarted => false;

    public Task WriteAsync(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        _body.Write(bytes, 0, bytes.Length);
        return Task.CompletedTask;
    }

    public void Clear()
    {
        _body.SetLength(0);
        Headers.Clear();
        StatusCode = 200;
        ContentType = null;
    }

    internal byte[] BodyBytes => _body.ToArray();

    /// <summary>Status and headers only; the caller writes the body (a fault that sends it slowly, or half).</summary>
    internal void SendHeadersTo(HttpListenerResponse response, long contentLength)
    {
        response.StatusCode = StatusCode;
        if (ContentType is not null) response.ContentType = ContentType;
        foreach (var header in Headers.All)
        {
            if (string.Equals(header.Key, "Location", StringComparison.OrdinalIgnoreCase)) response.RedirectLocation = header.Value;
            else response.Headers[header.Key] = header.Value;
        }
        response.ContentLength64 = contentLength;
    }

    internal void SendTo(HttpListenerResponse response)
    {
        response.StatusCode = StatusCode;
        if (ContentType is not null) response.ContentType = ContentType;
        foreach (var header in Headers.All)
        {
            if (string.Equals(header.Key, "Location", StringComparison.OrdinalIgnoreCase)) response.RedirectLocation = header.Value;
            else response.Headers[header.Key] = header.Value;
        }
        byte[] bytes = _body.ToArray();
        response.ContentLength64 = bytes.Length;
        if (bytes.Length > 0) response.OutputStream.Write(bytes, 0, bytes.Length);
        response.OutputStream.Close();
    }
}

internal sealed class HttpContext
{
    public HttpContext(HttpListenerContext context, CancellationToken aborted)
    {
        Request = new HttpRequest(context.Request);
        RequestAborted = aborted;
    }

    public HttpRequest Request { get; }
    public HttpResponse Response { get; } = new();
    public CancellationToken RequestAborted { get; }
}

internal static class StatusCodes
{
    public const int Status302Found = 302;
}
