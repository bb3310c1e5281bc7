using SsoTools.Core.Cache;
using SsoTools.Core.Config;

namespace SsoTools.Core.Net
{
    /// <summary>
    /// The outside world as the core sees it, the one seam object: the config file, the caches and
    /// the inventory (where), the clock, the browser and the SDK clients. Production uses Default();
    /// tests build their own (with their own folders, a clock they move, a browser that approves).
    /// </summary>
    public sealed class SsoContext
    {
        public SsoContext(string ssoCacheDir, string cliCacheDir, IClock clock, IBrowser browser, SsoClients clients,
            string? configPath = null, string? inventoryPath = null)
        {
            Tokens = new TokenCache(ssoCacheDir);
            Registrations = new RegistrationCache(ssoCacheDir);
            RoleCredentials = new RoleCredentialCache(cliCacheDir);
            Clock = clock;
            Browser = browser;
            Clients = clients;
            ConfigPath = configPath ?? AwsPaths.ConfigFile;
            Inventory = new Inventory(inventoryPath ?? Inventory.DefaultPath);
        }

        /// <summary>The config file's full path (AWS_CONFIG_FILE, else ~/.aws/config, when the context was made).</summary>
        public string ConfigPath { get; }
        /// <summary>The config file as every command reads and changes it.</summary>
        public ConfigStore Config => new ConfigStore(ConfigPath);
        public TokenCache Tokens { get; }
        public RegistrationCache Registrations { get; }
        public RoleCredentialCache RoleCredentials { get; }
        /// <summary>SsoTools' own record of what listings found, for completion.</summary>
        public Inventory Inventory { get; }
        public IClock Clock { get; }
        public IBrowser Browser { get; }
        public SsoClients Clients { get; }

        /// <summary>
        /// Paths read from the environment now (HOME, AWS_CONFIG_FILE may change between calls). The
        /// host passes the browser when it has its own (the in-session test server approves sign-ins
        /// itself); otherwise the system's.
        /// </summary>
        public static SsoContext Default(IBrowser? browser = null) =>
            new SsoContext(AwsPaths.SsoCacheDir, AwsPaths.CliCacheDir, SystemClock.Instance, browser ?? SystemBrowser.Instance, SsoClients.Shared);
    }
}
