#if !NETCOREAPP
using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace SsoTools.Loader
{
    /// <summary>
    /// Windows PowerShell 5.1: SsoTools.psm1 imports this assembly before SsoTools.dll, so the
    /// resolver and TLS 1.2 are in place before any SsoTools or AWS SDK code runs.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
            DesktopResolver.Register();
            TlsPolicy.Apply();
        }
    }

    /// <summary>
    /// Binding redirects for Desktop/ without an app.config: the pattern the PowerShell docs give for
    /// Windows PowerShell ("Resolving PowerShell module assembly dependency conflicts", the
    /// AssemblyResolve event). .NET Framework raises AssemblyResolve when a reference does not bind
    /// (here: a version that differs from the file beside it); the answer is the shipped file when
    /// BindingRedirect.Covers says so, or a copy already loaded that covers the request.
    /// </summary>
    static class DesktopResolver
    {
        static readonly string Folder = Path.GetDirectoryName(typeof(DesktopResolver).Assembly.Location)!;
        static readonly object Gate = new object();
        static readonly Dictionary<string, Assembly?> Loaded = new Dictionary<string, Assembly?>(StringComparer.OrdinalIgnoreCase);
        static bool _registered;

        internal static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                _registered = true;
            }
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            AssemblyName requested;
            try { requested = new AssemblyName(args.Name); }
            catch (Exception) { return null; }
            string? name = requested.Name;
            if (string.IsNullOrEmpty(name) || name!.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) return null;
            string path = Path.Combine(Folder, name + ".dll");
            if (!File.Exists(path)) return null; // not ours: another module's resolver may answer

            lock (Gate)
            {
                // A copy already in the process that covers the request (ours, or another module's newer one): one copy.
                foreach (var a in AppDomain.CurrentDomain.GetAssemblies())
                {
                    AssemblyName n = a.GetName();
                    if (BindingRedirect.Covers(requested, n)) return a;
                }
                if (!Loaded.TryGetValue(path, out Assembly? assembly))
                {
                    assembly = null;
                    try
                    {
                        if (BindingRedirect.Covers(requested, AssemblyName.GetAssemblyName(path)))
                            assembly = Assembly.LoadFrom(path);
                    }
                    catch (Exception ex) when (ex is IOException || ex is BadImageFormatException || ex is System.Security.SecurityException) { }
                    if (assembly != null) Loaded[path] = assembly;
                }
                return assembly != null && BindingRedirect.Covers(requested, assembly.GetName()) ? assembly : null;
            }
        }
    }
}
#endif
