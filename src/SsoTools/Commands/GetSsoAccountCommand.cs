using System;
using System.Management.Automation;
using SsoTools.Core.Tokens;
using SsoTools.Model;
using SsoTools.Core.Portal;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.Get, "SsoAccount")]
    [OutputType(typeof(SsoAccount))]
    public sealed class GetSsoAccountCommand : TargetCmdlet
    {
        /// <summary>Wildcards on the account name or ID.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Filter { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var target = ResolveTarget();
                var accounts = Run(async (feedback, ct) =>
                {
                    var token = await new TokenProvider(Context).GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
                    return await new PortalService(Context).ListAccountsAsync(target, token.AccessToken, ct).ConfigureAwait(false);
                });
                Context.Inventory.RecordAccounts(target.SessionName ?? target.StartUrl, accounts); // for tab completion
                var patterns = Wildcards.ForServiceNames(Filter);
                foreach (var account in accounts)
                    if (Wildcards.Any(patterns, account.AccountName, account.AccountId)) WriteObject(account);
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                FailListing(ex);
            }
        }
    }
}
