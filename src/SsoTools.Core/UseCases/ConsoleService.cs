using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Credentials;
using SsoTools.Core.Net;
using SsoTools.Core.Resolution;
using SsoTools.Model;

namespace SsoTools.Core.UseCases
{
    /// <summary>
    /// Open-SsoConsole's and Get-SsoConsoleUrl's engine: a role's credentials (SSO or chained), then
    /// a console sign-in URL by the console's rules (ConsoleRules). The URL is a secret for 15
    /// minutes: nothing here writes it anywhere.
    /// </summary>
    public sealed class ConsoleService
    {
        readonly SsoContext _ctx;

        public ConsoleService(SsoContext ctx) { _ctx = ctx; }

        /// <param name="force">Fetch new credentials even when cached ones are still good.</param>
        public async Task<SsoConsoleUrl> GetUrlAsync(CredentialPlan plan, ConsoleRequest request, bool force, IFeedback feedback, CancellationToken ct)
        {
            // Cached ones while they are good (GetAsync reads the cache first unless forced).
            var credential = await new ChainedCredentialService(_ctx).GetAsync(plan, force, feedback, ct).ConfigureAwait(false);
            int? seconds = ConsoleRules.SentSessionSeconds(plan, request.SessionSeconds, out string? warning);
            if (warning != null) feedback.Warning(warning);
            string ssoRegion = plan.Start.SignIn.Region;
            string region = ConsoleRules.Region(request.Region, credential.Region, SsoClients.EnvironmentRegion(), ssoRegion);
            var partition = ConsoleRules.Partition(credential, region, ssoRegion);
            return await new ConsoleSignin().GetUrlAsync(credential, partition, region, request.Destination, seconds, ct).ConfigureAwait(false);
        }
    }
}
