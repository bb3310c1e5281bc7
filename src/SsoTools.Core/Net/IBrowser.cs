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
