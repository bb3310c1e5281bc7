using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace SsoTools.Core.Net
{
    public interface IBrowser
    {
        /// <summary>Opens the URL; false with a reason when no browser could be started.</summary>
        bool TryOpen(string url, out string? problem);
    }

    /// <summary>The browser SsoContext.Default uses instead of the system's, while set (Start-SsoTestServer).</summary>
    public static class BrowserOverride
    {
        public static IBrowser? Current { get; set; }
    }

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

    /// <summary>
    /// $BROWSER when set (the URL is its one argument, no shell in between), else the platform's
    /// opener: xdg-open, open, or the Windows shell.
    /// </summary>
    public sealed class SystemBrowser : IBrowser
    {
        public static readonly SystemBrowser Instance = new SystemBrowser(Environment.GetEnvironmentVariable);

        readonly Func<string, string?> _environment;

        /// <param name="environment">Reads BROWSER; tests pass their own rather than change the process's.</param>
        public SystemBrowser(Func<string, string?> environment) { _environment = environment; }

        public bool TryOpen(string url, out string? problem)
        {
            problem = null;
            string? browser = _environment("BROWSER");
            try
            {
                ProcessStartInfo psi;
                if (!string.IsNullOrWhiteSpace(browser))
                    psi = Direct(browser!.Trim(), url);
                else if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                    psi = new ProcessStartInfo(url) { UseShellExecute = true };
                else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
                    psi = Direct("open", url);
                else
                    psi = Direct("xdg-open", url);
                var p = Process.Start(psi);
                if (p == null) { problem = "the browser did not start"; return false; }
                if (!psi.UseShellExecute)
                {
                    // Drain what the opener prints so it never blocks and never lands in the user's output.
                    p.OutputDataReceived += (s, e) => { };
                    p.ErrorDataReceived += (s, e) => { };
                    p.BeginOutputReadLine();
                    p.BeginErrorReadLine();
                }
                return true;
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception || ex is InvalidOperationException || ex is FileNotFoundException)
            {
                problem = string.IsNullOrWhiteSpace(browser)
                    ? "no browser opener was found (" + ex.Message + ")"
                    : "$BROWSER ('" + browser + "') could not be started (" + ex.Message + ")";
                return false;
            }
        }

        static ProcessStartInfo Direct(string program, string url)
        {
            var psi = new ProcessStartInfo(program)
            {
                UseShellExecute = false,
                RedirectStandardInput = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            // One argument, exactly the URL, never through a shell.
#if NET8_0_OR_GREATER
            psi.ArgumentList.Add(url);
#else
            psi.Arguments = IO.WindowsArgument.Quoted(url);
#endif
            return psi;
        }
    }
}
