using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace SsoTools.Loader
{
    /// <summary>
    /// PowerShell imports this nested module before SsoTools.dll (NestedModules load before the
    /// RootModule) and calls OnImport, so the resolver is in place when PowerShell reads the
    /// cmdlets' types, which refer to SsoTools.Core.
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
        static readonly string Folder = Path.Combine(Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location)!, "Dependencies");
        static readonly DependencyLoadContext Instance = new DependencyLoadContext();
        static readonly object Gate = new object();
        static bool _registered;

        DependencyLoadContext() : base("SsoTools", isCollectible: false) { }

        internal static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                _registered = true;
            }
            Default.Resolving += (context, name) => name.Name == "SsoTools.Core" ? Instance.LoadFromAssemblyName(name) : null;
        }

        protected override Assembly? Load(AssemblyName name)
        {
            string path = Path.Combine(Folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
