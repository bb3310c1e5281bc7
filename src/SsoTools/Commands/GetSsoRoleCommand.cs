using System;
using System.Collections.Generic;
using System.Management.Automation;
using SsoTools.Core.Auth;
using SsoTools.Core.Model;
using SsoTools.Core.Portal;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.Get, "SsoRole")]
    [OutputType(typeof(SsoRole))]
    public sealed class GetSsoRoleCommand : TargetCmdlet
    {
        /// <summary>The account; every reachable account when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? AccountId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? AccountName { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? RoleName { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var target = ResolveTarget();
                // Checked here, not by an attribute: a piped SsoProfile without a role binds null.
                string? accountId = string.IsNullOrEmpty(AccountId) ? null : AccountId;
                if (accountId != null) Core.Model.SsoValidation.AccountId(accountId);
                string? accountName = AccountName;
                var roles = Run(async (feedback, ct) =>
                {
                    var token = await new TokenProvider(Context).GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
                    var portal = new PortalService(Context);
                    if (accountId != null)
                        return await portal.ListRolesAsync(target, token.AccessToken, accountId, accountName, ct).ConfigureAwait(false);
                    var all = new List<SsoRole>();
                    foreach (var account in await portal.ListAccountsAsync(target, token.AccessToken, ct).ConfigureAwait(false))
                        all.AddRange(await portal.ListRolesAsync(target, token.AccessToken, account.AccountId, account.AccountName, ct).ConfigureAwait(false));
                    return (IReadOnlyList<SsoRole>)all;
                });
                var patterns = Wildcards.From(RoleName);
                foreach (var role in roles)
                    if (Wildcards.Any(patterns, role.RoleName)) WriteObject(role);
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                WriteFailure(ex);
            }
        }
    }
}
