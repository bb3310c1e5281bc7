using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace SsoTools.Commands
{
    /// <summary>How to start the pwsh that runs this session: its executable, and the arguments that
    /// come before pwsh's own (pwsh.dll when PowerShell runs as a dotnet tool, under dotnet itself).</summary>
    static class PwshLauncher
    {
        public static (string Executable, IReadOnlyList<string> LeadingArguments) For(PSCmdlet cmdlet)
        {
            string exe = System.Diagnostics.Process.GetCurrentProcess().MainModule?.FileName ?? "pwsh";
            if (!Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
                return (exe, Array.Empty<string>());
            string psHome = (string)cmdlet.SessionState.PSVariable.GetValue("PSHOME");
            return (exe, new[] { Path.Combine(psHome, "pwsh.dll") });
        }
    }
}
