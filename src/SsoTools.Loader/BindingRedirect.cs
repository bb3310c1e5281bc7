using System;
using System.Reflection;

namespace SsoTools.Loader
{
    /// <summary>
    /// The rule Desktop/'s resolver applies (what a binding redirect in an app.config would say):
    /// a request for an assembly is answered by the file of the same name and public key token that
    /// ships beside SsoTools when that file's version is the same or newer. .NET Framework binds
    /// strong-named references by exact version, and powershell.exe.config redirects none of
    /// SsoTools' dependencies, so without this the AWS SDK's reference to System.Text.Json 6.0.0.0
    /// fails against the 8.0.0.0 that ships (FileLoadException 0x80131040). Compiled for both
    /// editions so the tests here (PowerShell 7) check the very rule 5.1 runs.
    /// </summary>
    public static class BindingRedirect
    {
        public static bool Covers(AssemblyName requested, AssemblyName shipped)
        {
            if (requested == null || shipped == null) return false;
            if (!string.Equals(requested.Name, shipped.Name, StringComparison.OrdinalIgnoreCase)) return false;
            byte[]? token = requested.GetPublicKeyToken();
            // null: a partial name that says nothing of the key; an empty token asks for an unsigned file.
            if (token != null && !SameToken(token, shipped.GetPublicKeyToken())) return false;
            // A request without a version (a partial name) takes any.
            return requested.Version == null || (shipped.Version != null && shipped.Version >= requested.Version);
        }

        /// <summary>A strong-named request is answered only by a file signed with the same key; an unsigned one by an unsigned file.</summary>
        static bool SameToken(byte[]? a, byte[]? b)
        {
            int la = a?.Length ?? 0, lb = b?.Length ?? 0;
            if (la != lb) return false;
            for (int i = 0; i < la; i++) if (a![i] != b![i]) return false;
            return true;
        }
    }
}
