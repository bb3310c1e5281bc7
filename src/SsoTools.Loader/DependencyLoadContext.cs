#if NETCOREAPP
using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace SsoTools.Loader
{
    /// <summary>
    /// SsoTools.psm1 imports this assembly before SsoTools.dll and PowerShell calls OnImport, so the
    /// resolver is in place when PowerShell reads the cmdlets' types, which refer to SsoTools.Core.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        public void OnImport() => DependencyLoadContext.Register();
    }

    /// <summary>
    /// SsoTools' own copy of SsoTools.Core and the AWS SDK, in a load context of their own, so a
    /// session that has already loaded another AWSSDK.Core (AWS Tools for PowerShell, say) keeps
    /// working, and so does SsoTools. The pattern of the PowerShell docs' "Resolving PowerShell
    /// module assembly dependency conflicts": SsoTools.dll and this loader sit in the default
    /// context; SsoTools.Core is found through the Resolving event, and what it needs is looked
    /// up in Dependencies/ first.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        /// <summary>Core/: SsoTools.dll, SsoTools.Model.dll and this loader (the default context).</summary>
        static readonly string ModuleFolder = Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location)!;
        static readonly string Folder = Path.Combine(ModuleFolder, "Dependencies");
        static readonly DependencyLoadContext Instance = new DependencyLoadContext();
        static readonly object Gate = new object();
        static bool _registered;

        /// <summary>
        /// Assemblies that live in the default context and that SsoTools.Core uses too: one copy of
        /// each, whatever loaded first. SsoTools.Model holds the output types scripts name.
        /// </summary>
        static readonly string[] Shared = { "SsoTools.Model" };

        DependencyLoadContext() : base("SsoTools", isCollectible: false) { }

        internal static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                _registered = true;
            }
            Default.Resolving += (context, name) =>
                name.Name == "SsoTools.Core" || name.Name == "SsoTools.Emulator" ? Instance.LoadFromAssemblyName(name)
                : IsShared(name.Name) ? LoadShared(name.Name!)
                : null;
        }

        static bool IsShared(string? name) => name != null && Array.IndexOf(Shared, name) >= 0;

        /// <summary>
        /// The default context's copy of a shared assembly: the one already loaded, else loaded now
        /// from Core/. Without this, SsoTools.Core could not find SsoTools.Model when a cmdlet that
        /// needs it (Invoke-SsoLogout, say) is the first SsoTools command of a session.
        /// </summary>
        static Assembly LoadShared(string name)
        {
            lock (Gate)
            {
                foreach (var loaded in Default.Assemblies)
                    if (loaded.GetName().Name == name) return loaded;
                return Default.LoadFromAssemblyPath(Path.Combine(ModuleFolder, name + ".dll"));
            }
        }

        protected override Assembly? Load(AssemblyName name)
        {
            if (IsShared(name.Name)) return LoadShared(name.Name!);
            string path = Path.Combine(Folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
#endif
