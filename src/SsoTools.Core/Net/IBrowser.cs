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

        /// <summary>Whether a browser can answer a sign-in here (read at each call: the environment may change).</summary>
        BrowserAvailability Availability { get; }
    }

    /// <summary>
    /// $BROWSER when set (the URL is its one argument, no shell in between), else the platform's
    /// opener: xdg-open, open, the Windows shell, or in WSL the Windows browser (wslview, else
    /// rundll32.exe url.dll through interop). BrowserAvailability decides which, and whether any.
    /// </summary>
    public sealed class SystemBrowser : IBrowser
    {
        public static readonly SystemBrowser Instance = new SystemBrowser(Environment.GetEnvironmentVariable);

        readonly Func<string, string?> _environment;
        readonly Func<HostSignals> _signals;

        /// <param name="environment">Reads BROWSER; tests pass their own rather than change the process's.</param>
        public SystemBrowser(Func<string, string?> environment)
            : this(environment, () => HostSignals.Current.With(environment)) { }

        /// <param name="signals">What BrowserAvailability reads (tests: an SSH session, WSL, a container).</param>
        public SystemBrowser(Func<string, string?> environment, Func<HostSignals> signals) { _environment = environment; _signals = signals; }

        public BrowserAvailability Availability => BrowserAvailability.Of(_signals());

        public bool TryOpen(string url, out string? problem)
        {
            problem = null;
            string? browser = _environment("BROWSER");
            try
            {
                ProcessStartInfo psi;
                var availability = Availability;
                if (!string.IsNullOrWhiteSpace(browser))
                    psi = Direct(browser!.Trim(), url);
                else if (availability.Opener == BrowserOpener.WslView)
                    psi = Direct(availability.Program!, url);
                else if (availability.Opener == BrowserOpener.WslInterop)
                    psi = Direct(availability.Program!, "url.dll,FileProtocolHandler", url);
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

        static ProcessStartInfo Direct(string program, params string[] arguments)
        {
            var psi = new ProcessStartInfo(program)
            {
                UseShellExecute = false,
                RedirectStandardInput = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            // Each argument as it is (the URL exactly), never through a shell.
#if NET8_0_OR_GREATER
            foreach (string a in arguments) psi.ArgumentList.Add(a);
#else
            psi.Arguments = string.Join(" ", Array.ConvertAll(arguments, IO.WindowsArgument.Quoted));
#endif
            return psi;
        }
    }
}
