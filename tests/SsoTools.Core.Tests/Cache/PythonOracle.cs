using System;
using System.Diagnostics;

namespace SsoTools.Core.Tests
{
    /// <summary>Runs python3 (botocore 1.43 is installed on every machine of this project) as the interop oracle.</summary>
    internal static class PythonOracle
    {
        public static string Run(string code, params string[] args)
        {
            var psi = new ProcessStartInfo("python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(code);
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["PYTHONIOENCODING"] = "utf-8";
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("python3 failed: " + stderr);
            return stdout;
        }
    }
}
