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

        void Write(IReadOnlyList<SsoRole> roles, IReadOnlyList<WildcardPattern>? patterns)
        {
            foreach (var role in roles)
                if (Wildcards.Any(patterns, role.RoleName)) WriteObject(role);
        }

        // Account names per sign-in (piped roles may come from several sessions).
        readonly System.Collections.Generic.Dictionary<string, System.Collections.Generic.Dictionary<string, string>> _accountNames =
            new System.Collections.Generic.Dictionary<string, System.Collections.Generic.Dictionary<string, string>>(StringComparer.Ordinal);

        /// <summary>
        /// The account's name from ListAccounts, read once per sign-in and command. Best effort: the
        /// name only decorates the roles, so a failure to list leaves it empty rather than failing.
        /// </summary>
        async System.Threading.Tasks.Task<string?> AccountNameAsync(PortalService portal, Core.Auth.SsoTarget target, string accessToken, string accountId, System.Threading.CancellationToken ct)
        {
            string key = (target.SessionName ?? "") + "|" + target.StartUrl;
            if (!_accountNames.TryGetValue(key, out var names))
            {
                names = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
                try
                {
                    foreach (var a in await portal.ListAccountsAsync(target, accessToken, ct).ConfigureAwait(false)) names[a.AccountId] = a.AccountName;
                }
                catch (Core.Errors.SsoException) { /* no names: the roles are listed all the same */ }
                _accountNames[key] = names;
            }
            return names.TryGetValue(accountId, out var name) ? name : null;
        }

        protected override void ProcessRecord()
        {
            try
            {
                var target = ResolveTarget();
                // Checked here, not by an attribute: a piped SsoProfile without a role binds null.
                string? accountId = string.IsNullOrEmpty(AccountId) ? null : AccountId;
                if (accountId != null) Core.Model.SsoValidation.AccountId(accountId);
                string? accountName = AccountName;
                var patterns = Wildcards.From(RoleName);
                var portal = new PortalService(Context);
                var tokens = new TokenProvider(Context);
                if (accountId != null)
                {
                    var roles = Run(async (feedback, ct) =>
                    {
                        var token = await tokens.GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
                        // -AccountId alone: the roles still carry the account's name, for -NameTemplate '{AccountName}...'.
                        if (string.IsNullOrEmpty(accountName)) accountName = await AccountNameAsync(portal, target, token.AccessToken, accountId, ct).ConfigureAwait(false);
                        return await portal.ListRolesAsync(target, token.AccessToken, accountId, accountName, ct).ConfigureAwait(false);
                    });
                    Write(roles, patterns);
                    return;
                }

                // Every account: one account at a time, so roles stream out and progress shows.
                var accounts = Run(async (feedback, ct) =>
                {
                    var token = await tokens.GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
                    return await portal.ListAccountsAsync(target, token.AccessToken, ct).ConfigureAwait(false);
                });
                var progress = new ProgressRecord(1, "Listing roles", "Accounts of " + target.DisplayName);
                for (int i = 0; i < accounts.Count; i++)
                {
                    var account = accounts[i];
                    progress.StatusDescription = $"{account.AccountName} ({account.AccountId})";
                    progress.PercentComplete = 100 * i / Math.Max(1, accounts.Count);
                    WriteProgress(progress);
                    var roles = Run(async (feedback, ct) =>
                    {
                        var token = await tokens.GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
                        return await portal.ListRolesAsync(target, token.AccessToken, account.AccountId, account.AccountName, ct).ConfigureAwait(false);
                    });
                    Write(roles, patterns);
                }
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                FailListing(ex);
            }
        }
    }
}
