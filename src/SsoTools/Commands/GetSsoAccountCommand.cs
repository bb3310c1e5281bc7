using System;
using System.Management.Automation;
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
                var listing = new OrganizationListing(Context);
                var accounts = Run((feedback, ct) => listing.AccountsAsync(target, feedback, ct));
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
