using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Text;
using System.Threading;

namespace SsoTools.Commands
{
    /// <summary>
    /// Reads one line at the host on the pipeline thread, for a prompt that races something else (a
    /// pasted redirect against the loopback listener): where the host has a console, key by key so
    /// the wait ends when the race is lost; in a host without one (a scripted or embedding host), with
    /// its ReadLine. Null when the host cannot ask: -NonInteractive, or a console whose input is a
    /// pipe or file (that input belongs to the script, and a blocked read could not be ended).
    /// </summary>
    internal static class HostLineReader
    {
        public static string? Read(PSHost? host, string prompt, CancellationToken ct)
        {
            var ui = host?.UI;
            if (ui == null || ct.IsCancellationRequested) return null;
            // pwsh -NonInteractive is the console's mode: a host of its own (a runspace a script made) decides for itself.
            if (host!.Name == "ConsoleHost" && NonInteractive()) return null;
            PSHostRawUserInterface? raw = null;
            bool keys = false;
            try
            {
                raw = ui.RawUI;
                if (raw != null) { _ = raw.KeyAvailable; keys = true; }
            }
            catch (Exception ex) when (ex is NotImplementedException || ex is PSNotImplementedException || ex is InvalidOperationException || ex is System.IO.IOException || ex is HostException)
            {
                keys = false;
            }
            if (!keys && host!.Name == "ConsoleHost") return null; // input redirected
            try
            {
                ui.Write(prompt);
                if (!keys) return ui.ReadLine();
                var line = new StringBuilder();
                while (true)
                {
                    if (ct.IsCancellationRequested) { ui.WriteLine(); return null; }
                    if (!raw!.KeyAvailable) { Thread.Sleep(25); continue; }
                    KeyInfo key = raw.ReadKey(ReadKeyOptions.NoEcho | ReadKeyOptions.IncludeKeyDown);
                    char c = key.Character;
                    if (c == '\r' || c == '\n' || key.VirtualKeyCode == 13) { ui.WriteLine(); return line.ToString(); }
                    if (c == '\b' || c == (char)127 || key.VirtualKeyCode == 8)
                    {
                        if (line.Length > 0) { line.Length--; ui.Write("\b \b"); }
                        continue;
                    }
                    if (!char.IsControl(c)) { line.Append(c); ui.Write(c.ToString()); }
                }
            }
            catch (Exception ex) when (ex is NotImplementedException || ex is PSNotImplementedException || ex is PSInvalidOperationException || ex is InvalidOperationException || ex is HostException || ex is System.IO.IOException)
            {
                return null;
            }
        }

        /// <summary>pwsh -NonInteractive (any abbreviation from -noni): prompts must not wait for a person.</summary>
        static bool NonInteractive()
        {
            foreach (string arg in Environment.GetCommandLineArgs())
            {
                string a = arg.TrimStart('-', '/');
                if (a.Length >= 4 && a.Length < arg.Length && "noninteractive".StartsWith(a, StringComparison.OrdinalIgnoreCase)) return true;
                if (string.Equals(arg, "-Command", StringComparison.OrdinalIgnoreCase) || string.Equals(arg, "-c", StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(arg, "-File", StringComparison.OrdinalIgnoreCase) || string.Equals(arg, "-f", StringComparison.OrdinalIgnoreCase)) break;
            }
            return false;
        }
    }
}
