using System;
using System.Collections.Generic;
using System.Management.Automation;
using SsoTools.Model;
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
        [ArgumentCompleter(typeof(AccountIdCompleter))]
        public string? AccountId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? AccountName { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string[]? RoleName { get; set; }

        // One for the command: the account names -AccountId looks up are read once per sign-in (piped roles may come from several sessions).
        OrganizationListing? _listing;

        void Write(IReadOnlyList<SsoRole> roles, IReadOnlyList<WildcardPattern>? patterns)
        {
            foreach (var role in roles)
                if (Wildcards.Any(patterns, role.RoleName)) WriteObject(role);
        }

        protected override void ProcessRecord()
        {
            try
            {
                var target = ResolveTarget();
                // Checked here, not by an attribute: a piped SsoProfile without a role binds null.
                string? accountId = string.IsNullOrEmpty(AccountId) ? null : AccountId;
                if (accountId != null) Core.Config.SsoValidation.AccountId(accountId);
                string? accountName = AccountName;
                var patterns = Wildcards.ForServiceNames(RoleName);
                var listing = _listing ??= new OrganizationListing(Context);
                if (accountId != null)
                {
                    // -AccountId alone: the roles still carry the account's name, for -NameTemplate '{AccountName}...'.
                    Write(Run((feedback, ct) => listing.RolesAsync(target, accountId, accountName, feedback, ct)), patterns);
                    return;
                }

                // Every account, four at a time (as Sync-SsoProfile lists them): each account's roles are
                // written, in the accounts' order, as soon as every account before it is done.
                Run((feedback, post, ct) => listing.AllRolesAsync(target, feedback, ct, (account, roles) => post(() => Write(roles, patterns))));
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                FailListing(ex);
            }
        }
    }
}
