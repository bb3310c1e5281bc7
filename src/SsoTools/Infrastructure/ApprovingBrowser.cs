using System;
using SsoTools.Core.Net;

namespace SsoTools.Commands
{
    /// <summary>
    /// A "browser" that approves at once, for the in-session test server: it fetches the URL and follows
    /// its redirects on this machine, as a user who clicks Allow would (the sign-in page redirects to
    /// SsoTools' loopback listener; the device page approves the code). It never leaves 127.0.0.1: a
    /// console sign-in stops at the redirect to the real console.
    /// </summary>
    public sealed class ApprovingBrowser : IBrowser
    {
        public static readonly ApprovingBrowser Instance = new ApprovingBrowser();
        static readonly System.Net.Http.HttpClient Http = new System.Net.Http.HttpClient(new System.Net.Http.HttpClientHandler { AllowAutoRedirect = false })
        { Timeout = TimeSpan.FromSeconds(30) };

        public BrowserAvailability Availability => BrowserAvailability.HostApproves;

        public bool TryOpen(string url, out string? problem)
        {
            problem = null;
            _ = System.Threading.Tasks.Task.Run(async () =>
            {
                try
                {
                    var next = new Uri(url);
                    for (int hop = 0; hop < 5 && next.IsLoopback; hop++)
                    {
                        using (var response = await Http.GetAsync(next).ConfigureAwait(false))
                        {
                            Uri? location = response.Headers.Location;
                            if ((int)response.StatusCode < 300 || (int)response.StatusCode >= 400 || location == null) return;
                            next = location.IsAbsoluteUri ? location : new Uri(next, location);
                        }
                    }
                }
                catch (Exception) { /* the sign-in times out and says so */ }
            });
            return true;
        }
    }
}
