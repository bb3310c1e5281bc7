using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Errors;
using SsoTools.Core.Net;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tokens;
using SsoTools.Model;

namespace SsoTools.Core.Portal
{
    /// <summary>
    /// The accounts and roles a sign-in reaches, as Get-SsoAccount, Get-SsoRole, Sync-SsoProfile and
    /// Initialize-SsoProfile list them: the token (refreshed when due, also between accounts), the
    /// portal under the shared pace, and the inventory for tab completion (best effort). One instance
    /// per command: the account names Get-SsoRole -AccountId looks up are read once per sign-in.
    /// </summary>
    public sealed class OrganizationListing
    {
        readonly SsoContext _ctx;
        readonly PortalService _portal;
        readonly Func<SignIn, IFeedback, CancellationToken, Task<string>> _accessToken;
        readonly bool _record;
        readonly Dictionary<string, Dictionary<string, string>> _accountNames = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);

        /// <summary>Listings with the sign-in's cached token (TokenProvider: refreshed when due), recorded in the inventory.</summary>
        public OrganizationListing(SsoContext ctx)
        {
            var tokens = new TokenProvider(ctx);
            _ctx = ctx;
            _portal = new PortalService(ctx);
            _accessToken = async (target, feedback, ct) => (await tokens.GetTokenAsync(target, feedback, ct).ConfigureAwait(false)).AccessToken;
            _record = true;
        }

        OrganizationListing(SsoContext ctx, string accessToken)
        {
            _ctx = ctx;
            _portal = new PortalService(ctx);
            _accessToken = (target, feedback, ct) => Task.FromResult(accessToken);
            _record = false;
        }

        /// <summary>
        /// Listings with an access token the caller has (Initialize-SsoProfile: its sign-in's, or under
        /// -WhatIf the cached one, read only): never refreshed, and nothing is recorded, so -WhatIf writes nothing.
        /// </summary>
        public static OrganizationListing WithAccessToken(SsoContext ctx, string accessToken) => new OrganizationListing(ctx, accessToken);

        /// <summary>Every account the sign-in reaches, in the service's order.</summary>
        public async Task<IReadOnlyList<SsoAccount>> AccountsAsync(SignIn target, IFeedback feedback, CancellationToken ct)
        {
            string token = await _accessToken(target, feedback, ct).ConfigureAwait(false);
            var accounts = await _portal.ListAccountsAsync(target, token, ct).ConfigureAwait(false);
            if (_record) _ctx.Inventory.RecordAccounts(InventoryKey(target), accounts);
            return accounts;
        }

        /// <summary>
        /// The roles of one account. They carry accountName; when that is null or empty, the name
        /// ListAccounts gives (for -NameTemplate '{AccountName}...'), or none when it cannot be listed.
        /// </summary>
        public async Task<IReadOnlyList<SsoRole>> RolesAsync(SignIn target, string accountId, string? accountName, IFeedback feedback, CancellationToken ct)
        {
            string token = await _accessToken(target, feedback, ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(accountName)) accountName = await AccountNameAsync(target, token, accountId, ct).ConfigureAwait(false);
            var roles = await _portal.ListRolesAsync(target, token, accountId, accountName, ct).ConfigureAwait(false);
            if (_record) _ctx.Inventory.RecordRoles(InventoryKey(target), roles);
            return roles;
        }

        /// <summary>
        /// Every account and its roles, in the service's order of accounts. See RolesOfAsync for the
        /// pace, the progress, onAccountDone and failures; nothing is recorded unless all of it was listed.
        /// </summary>
        public async Task<List<KeyValuePair<SsoAccount, IReadOnlyList<SsoRole>>>> AllRolesAsync(SignIn target, IFeedback feedback, CancellationToken ct,
            Action<SsoAccount, IReadOnlyList<SsoRole>>? onAccountDone = null)
        {
            string token = await _accessToken(target, feedback, ct).ConfigureAwait(false);
            var accounts = await _portal.ListAccountsAsync(target, token, ct).ConfigureAwait(false);
            var listed = await ListRolesOfAsync(target, accounts, feedback, ct, onAccountDone).ConfigureAwait(false);
            if (_record)
            {
                _ctx.Inventory.RecordAccounts(InventoryKey(target), listed.Select(p => p.Key));
                _ctx.Inventory.RecordRoles(InventoryKey(target), listed.SelectMany(p => p.Value));
            }
            return listed;
        }

        /// <summary>
        /// The roles of these accounts, PortalService.ListingParallelism accounts at a time under the shared
        /// pace, with progress; the token is got again for each account, so a long listing refreshes it
        /// when due. onAccountDone (from any thread, one call at a time) hears of each account in the
        /// accounts' order, as soon as it and every account before it are done. The first failure stops
        /// the listing and is thrown: a listing is whole or it is an error.
        /// </summary>
        public async Task<List<KeyValuePair<SsoAccount, IReadOnlyList<SsoRole>>>> RolesOfAsync(SignIn target, IReadOnlyList<SsoAccount> accounts, IFeedback feedback, CancellationToken ct,
            Action<SsoAccount, IReadOnlyList<SsoRole>>? onAccountDone = null)
        {
            var listed = await ListRolesOfAsync(target, accounts, feedback, ct, onAccountDone).ConfigureAwait(false);
            if (_record) _ctx.Inventory.RecordRoles(InventoryKey(target), listed.SelectMany(p => p.Value));
            return listed;
        }

        Task<List<KeyValuePair<SsoAccount, IReadOnlyList<SsoRole>>>> ListRolesOfAsync(SignIn target, IReadOnlyList<SsoAccount> accounts, IFeedback feedback, CancellationToken ct,
            Action<SsoAccount, IReadOnlyList<SsoRole>>? onAccountDone)
        {
            Action<int, IReadOnlyList<SsoRole>>? listed = null;
            if (onAccountDone != null)
            {
                // Accounts finish in any order: hold back what finished early, hand on what is next in order.
                var ready = new Dictionary<int, IReadOnlyList<SsoRole>>();
                int next = 0;
                listed = (index, roles) =>
                {
                    lock (ready)
                    {
                        ready[index] = roles;
                        while (ready.TryGetValue(next, out var inOrder))
                        {
                            ready.Remove(next);
                            onAccountDone(accounts[next++], inOrder);
                        }
                    }
                };
            }
            return _portal.ListRolesOfAsync(target, c => _accessToken(target, feedback, c), accounts, PortalService.ListingParallelism, feedback, ct, listed);
        }

        /// <summary>The account's name from ListAccounts, read once per sign-in. Best effort: the name only decorates the roles.</summary>
        async Task<string?> AccountNameAsync(SignIn target, string accessToken, string accountId, CancellationToken ct)
        {
            string key = (target.SessionName ?? "") + "|" + target.StartUrl;
            Dictionary<string, string>? names;
            lock (_accountNames) _accountNames.TryGetValue(key, out names);
            if (names == null)
            {
                names = new Dictionary<string, string>(StringComparer.Ordinal);
                try
                {
                    foreach (var a in await _portal.ListAccountsAsync(target, accessToken, ct).ConfigureAwait(false)) names[a.AccountId] = a.AccountName;
                }
                catch (SsoException) { /* no names: the roles are listed all the same */ }
                lock (_accountNames) _accountNames[key] = names;
            }
            return names.TryGetValue(accountId, out var name) ? name : null;
        }

        /// <summary>The inventory's name for a sign-in: the session, else a legacy profile's start URL.</summary>
        static string InventoryKey(SignIn target) => target.SessionName ?? target.StartUrl;
    }
}
