using SsoTools.Core.Cache;
using SsoTools.Core.Config;

namespace SsoTools.Core.Net
{
    /// <summary>The outside world as the core sees it: where the caches are, the clock, the
    /// browser and the SDK clients. Production uses Default(); tests build their own.</summary>
    public sealed class SsoContext
    {
        public SsoContext(string ssoCacheDir, string cliCacheDir, IClock clock, IBrowser browser, SsoClients clients)
        {
            Tokens = new TokenCache(ssoCacheDir);
            Registrations = new RegistrationCache(ssoCacheDir);
            RoleCredentials = new RoleCredentialCache(cliCacheDir);
            Clock = clock;
            Browser = browser;
            Clients = clients;
        }

        public TokenCache Tokens { get; }
        public RegistrationCache Registrations { get; }
        public RoleCredentialCache RoleCredentials { get; }
        public IClock Clock { get; }
        public IBrowser Browser { get; }
        public SsoClients Clients { get; }

        /// <summary>Paths read from the environment now (HOME, AWS_CONFIG_FILE may change between calls).</summary>
        public static SsoContext Default() =>
            new SsoContext(AwsPaths.SsoCacheDir, AwsPaths.CliCacheDir, SystemClock.Instance, BrowserOverride.Current ?? SystemBrowser.Instance, SsoClients.Shared);
    }
}
