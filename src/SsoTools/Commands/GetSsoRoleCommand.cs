using System;
using System.Linq;
using System.Collections.Generic;
using System.Management.Automation;
using SsoTools.Core.Tokens;
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
        async System.Threading.Tasks.Task<string?> AccountNameAsync(PortalService portal, Core.Resolution.SignIn target, string accessToken, string accountId, System.Threading.CancellationToken ct)
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
                if (accountId != null) Core.Config.SsoValidation.AccountId(accountId);
                string? accountName = AccountName;
                var patterns = Wildcards.ForServiceNames(RoleName);
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
                    Context.Inventory.RecordRoles(target.SessionName ?? target.StartUrl, roles); // for tab completion
                    Write(roles, patterns);
                    return;
                }

                // Every account: listed concurrently under the shared pace (as Sync-SsoProfile does); the
                // roles stream out in the accounts' order as soon as every account before them is done.
                var ready = new System.Collections.Generic.Dictionary<int, System.Collections.Generic.IReadOnlyList<SsoRole>>();
                int next = 0;
                var listed = Run(async (feedback, post, ct) =>
                {
                    var token = await tokens.GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
                    var accounts = await portal.ListAccountsAsync(target, token.AccessToken, ct).ConfigureAwait(false);
                    return await portal.ListRolesOfAsync(target, async c => (await tokens.GetTokenAsync(target, feedback, c).ConfigureAwait(false)).AccessToken,
                        accounts, PortalService.ListingParallelism, feedback, ct, (index, roles) => post(() =>
                        {
                            // On the pipeline thread: hold back what finished early, write what is next in order.
                            ready[index] = roles;
                            while (ready.TryGetValue(next, out var inOrder))
                            {
                                ready.Remove(next++);
                                Write(inOrder, patterns);
                            }
                        })).ConfigureAwait(false);
                });
                // For tab completion: every account and its roles, as listed.
                string signIn = target.SessionName ?? target.StartUrl;
                Context.Inventory.RecordAccounts(signIn, listed.Select(p => p.Key));
                Context.Inventory.RecordRoles(signIn, listed.SelectMany(p => p.Value));
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                FailListing(ex);
            }
        }
    }
}
