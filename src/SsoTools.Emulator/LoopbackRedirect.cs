using System;

namespace SsoTools.Emulator;

/// <summary>
/// Loopback redirect URIs (RFC 8252 §7.3): the client registers http://127.0.0.1/oauth/callback
/// and later listens on whatever port is free, so ports are ignored when matching.
/// </summary>
internal static class LoopbackRedirect
{
    public static bool IsLoopback(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out Uri? u) && u.Scheme == Uri.UriSchemeHttp && u.IsLoopback;

    /// <summary>What /authorize accepts: http://127.0.0.1:PORT/oauth/callback exactly.</summary>
    public static bool IsCallback(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out Uri? u) &&
        u.Scheme == Uri.UriSchemeHttp && u.Host == "127.0.0.1" && u.AbsolutePath == "/oauth/callback" &&
        string.IsNullOrEmpty(u.Query) && string.IsNullOrEmpty(u.Fragment) && string.IsNullOrEmpty(u.UserInfo);

    public static bool SameIgnoringPort(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out Uri? x) && Uri.TryCreate(b, UriKind.Absolute, out Uri? y) &&
        x.Scheme == y.Scheme &&
        string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase) &&
        x.AbsolutePath == y.AbsolutePath;
}
