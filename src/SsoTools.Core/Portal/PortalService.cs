using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SSO;
using Amazon.SSO.Model;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Errors;
using SsoTools.Model;

namespace SsoTools.Core.Portal
{
    /// <summary>The AWS access portal: accounts, roles and role credentials, paged and paced.</summary>
    public sealed class PortalService
    {
        readonly SsoContext _ctx;
        readonly RateLimiter _limiter;

        public PortalService(SsoContext ctx, RateLimiter? limiter = null)
        {
            _ctx = ctx;
            _limiter = limiter ?? RateLimiter.Portal;
        }

        public async Task<IReadOnlyList<SsoAccount>> ListAccountsAsync(SignIn target, string accessToken, CancellationToken ct)
        {
            var portal = _ctx.Clients.Portal(target.Region);
            var result = new List<SsoAccount>();
            string? next = null;
            do
            {
                var page = await CallAsync(target, "ListAccounts", c => portal.ListAccountsAsync(
                    new ListAccountsRequest { AccessToken = accessToken, NextToken = next }, c), ct).ConfigureAwait(false);
                if (page.AccountList != null)
                    foreach (var a in page.AccountList)
                        result.Add(new SsoAccount
                        {
                            SessionName = target.SessionName,
                            ProfileName = target.IsLegacy ? target.ProfileName : null,
                            AccountId = a.AccountId,
                            AccountName = a.AccountName,
                            EmailAddress = a.EmailAddress,
                        });
                next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            } while (next != null);
            return result;
        }

        public async Task<IReadOnlyList<SsoRole>> ListRolesAsync(SignIn target, string accessToken, string accountId, string? accountName, CancellationToken ct)
        {
            var portal = _ctx.Clients.Portal(target.Region);
            var result = new List<SsoRole>();
            string? next = null;
            do
            {
                ListAccountRolesResponse page;
                try
                {
                    page = await CallAsync(target, "ListAccountRoles", c => portal.ListAccountRolesAsync(
                        new ListAccountRolesRequest { AccessToken = accessToken, AccountId = accountId, NextToken = next }, c), ct).ConfigureAwait(false);
                }
                catch (SsoException ex) when (IsNoAccess(ex.InnerException))
                {
                    throw AccountNotFound(target, accountId, ex.InnerException!);
                }
                if (page.RoleList != null)
                    foreach (var r in page.RoleList)
                        result.Add(new SsoRole
                        {
                            SessionName = target.SessionName,
                            ProfileName = target.IsLegacy ? target.ProfileName : null,
                            AccountId = r.AccountId ?? accountId,
                            AccountName = accountName,
                            RoleName = r.RoleName,
                        });
                next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            } while (next != null);
            return result;
        }

        /// <summary>Accounts whose roles are listed at once; the shared pace keeps them under the service's throttle.</summary>
        public const int ListingParallelism = 4;

        /// <summary>
        /// The roles of many accounts, listed concurrently (at most parallelism calls in flight, all under
        /// the shared adaptive pace), in the accounts' order. The first failure cancels the rest and is thrown:
        /// a listing is whole or it is an error. listed, if given, hears of each account as its roles arrive
        /// (index in accounts, roles), from any thread, in the order they finish.
        /// </summary>
        public async Task<List<KeyValuePair<SsoAccount, IReadOnlyList<SsoRole>>>> ListRolesOfAsync(SignIn target, Func<CancellationToken, Task<string>> accessToken,
            IReadOnlyList<SsoAccount> accounts, int parallelism, IFeedback feedback, CancellationToken ct,
            Action<int, IReadOnlyList<SsoRole>>? listed = null)
        {
            var results = new IReadOnlyList<SsoRole>[accounts.Count];
            int done = 0;
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
            using (var gate = new SemaphoreSlim(Math.Max(1, parallelism)))
            {
                var tasks = new List<Task>(accounts.Count);
                for (int i = 0; i < accounts.Count; i++)
                {
                    int index = i;
                    tasks.Add(Task.Run(async () =>
                    {
                        await gate.WaitAsync(stop.Token).ConfigureAwait(false);
                        try
                        {
                            string token = await accessToken(stop.Token).ConfigureAwait(false);
                            var account = accounts[index];
                            try { results[index] = await ListRolesAsync(target, token, account.AccountId, account.AccountName, stop.Token).ConfigureAwait(false); }
                            catch (SsoException ex) when (ex.ErrorId == ErrorIds.AccountNotFound)
                            {
                                results[index] = new List<SsoRole>(); // unassigned since ListAccounts: no roles there now
                            }
                            listed?.Invoke(index, results[index]);
                            int n = Interlocked.Increment(ref done);
                            if (n < accounts.Count) feedback.Progress("Listing the roles of " + accounts.Count + " accounts", n, accounts.Count); // Completed once, below
                        }
                        catch { stop.Cancel(); throw; }
                        finally { gate.Release(); }
                    }, stop.Token));
                }
                try
                {
                    await Task.WhenAll(tasks).ConfigureAwait(false);
                    feedback.Progress("Listing the roles of " + accounts.Count + " accounts", accounts.Count, accounts.Count);
                }
                catch
                {
                    // The first real failure, not the cancellations it caused.
                    var first = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => !(e is OperationCanceledException));
                    if (first != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
                    throw;
                }
            }
            var list = new List<KeyValuePair<SsoAccount, IReadOnlyList<SsoRole>>>(accounts.Count);
            for (int i = 0; i < accounts.Count; i++) list.Add(new KeyValuePair<SsoAccount, IReadOnlyList<SsoRole>>(accounts[i], results[i]));
            return list;
        }

        public async Task<SsoRoleCredential> GetRoleCredentialsAsync(SignIn target, string accessToken, string accountId, string roleName, CancellationToken ct)
        {
            var portal = _ctx.Clients.Portal(target.Region);
            GetRoleCredentialsResponse response;
            try
            {
                response = await CallAsync(target, "GetRoleCredentials", c => portal.GetRoleCredentialsAsync(
                    new GetRoleCredentialsRequest { AccessToken = accessToken, AccountId = accountId, RoleName = roleName }, c), ct).ConfigureAwait(false);
            }
            catch (SsoException ex) when (IsNoAccess(ex.InnerException))
            {
                throw new SsoException(ErrorIds.RoleNotAssigned, SsoErrorKind.PermissionDenied,
                    $"The role '{roleName}' in account {accountId} is not assigned to you in '{target.DisplayName}' (or the account does not exist). " +
                    $"See the roles you have with 'Get-SsoAccount -SessionName {target.SessionName ?? "…"} | Get-SsoRole'.", roleName, ex.InnerException);
            }
            var c2 = response.RoleCredentials;
            var credential = new SsoRoleCredential
            {
                AccessKeyId = c2.AccessKeyId,
                SecretAccessKey = c2.SecretAccessKey,
                SessionToken = c2.SessionToken,
                Expiration = Cache.CacheTime.Truncate(DateTimeOffset.FromUnixTimeMilliseconds(c2.Expiration ?? 0).UtcDateTime), // as the cache file keeps it
                AccountId = accountId,
                RoleName = roleName,
                SessionName = target.SessionName,
            };
            CredentialValues.Check(credential, "IAM Identity Center's answer to GetRoleCredentials",
                "Nothing was cached. Check that AWS_ENDPOINT_URL_SSO (or AWS_ENDPOINT_URL) points at IAM Identity Center.");
            return credential;
        }

        /// <summary>ListAccounts with one result: the cheapest call that needs a valid token.</summary>
        public Task FirstAccountAsync(SignIn target, string accessToken, CancellationToken ct) =>
            CallAsync(target, "ListAccounts", c => _ctx.Clients.Portal(target.Region).ListAccountsAsync(new ListAccountsRequest { AccessToken = accessToken, MaxResults = 1 }, c), ct);

        /// <summary>Logout (revokes the token's server-side session), with the same retries as every portal call.</summary>
        public Task LogoutAsync(SignIn target, string accessToken, CancellationToken ct) =>
            CallAsync(target, "Logout", c => _ctx.Clients.Portal(target.Region).LogoutAsync(new LogoutRequest { AccessToken = accessToken }, c), ct);

        /// <summary>Attempts for a throttled call, each at a slower pace.</summary>
        public const int ThrottleAttempts = 10;
        /// <summary>Attempts for a call that failed on the service's side (5xx) or on the way (a reset connection).</summary>
        public const int FailureAttempts = 4;

        async Task<T> CallAsync<T>(SignIn target, string operation, Func<CancellationToken, Task<T>> call, CancellationToken ct)
        {
            for (int attempt = 1; ; attempt++)
            {
                await _limiter.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    T result = await call(ct).ConfigureAwait(false);
                    _limiter.Succeeded();
                    return result;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; } // Ctrl+C; a client timeout is mapped below
                catch (Exception ex)
                {
                    var mapped = ServiceErrors.Map(ex, target, operation);
                    if (mapped.ErrorId == ErrorIds.ServiceThrottled && attempt < ThrottleAttempts)
                    {
                        // Slow the whole process down, wait, try again.
                        _limiter.Throttled();
                        await _ctx.Clock.Delay(Backoff(attempt, 8000), ct).ConfigureAwait(false);
                        continue;
                    }
                    // A reset or refused connection and a 5xx are worth another try; a call that timed out
                    // already cost 30 s and is not tried again.
                    bool transient = (mapped.ErrorId == ErrorIds.ServiceUnreachable && mapped.Kind == SsoErrorKind.ConnectionError) ||
                                     (mapped.ErrorId == ErrorIds.ServiceError && mapped.Kind == SsoErrorKind.ResourceUnavailable);
                    if (transient && attempt < FailureAttempts)
                    {
                        await _ctx.Clock.Delay(Backoff(attempt, 2000), ct).ConfigureAwait(false);
                        continue;
                    }
                    throw mapped;
                }
            }
        }

        static readonly Random Jitter = new Random();

        /// <summary>Exponential backoff from 200 ms with full jitter, capped.</summary>
        static TimeSpan Backoff(int attempt, int capMs)
        {
            double ceiling = Math.Min(capMs, 200 * Math.Pow(2, attempt - 1));
            double jitter;
            lock (Jitter) jitter = Jitter.NextDouble();
            return TimeSpan.FromMilliseconds(ceiling / 2 + jitter * ceiling / 2);
        }

        /// <summary>
        /// "You cannot have this": ResourceNotFoundException in the service model, but the real
        /// portal answers an unassigned role or account with 403 ForbiddenException ("No access").
        /// </summary>
        static bool IsNoAccess(Exception? ex) =>
            ex is ResourceNotFoundException ||
            (ex is Amazon.Runtime.AmazonServiceException ase &&
             (ase.StatusCode == System.Net.HttpStatusCode.Forbidden || ase.ErrorCode == "ForbiddenException"));

        static SsoException AccountNotFound(SignIn target, string accountId, Exception inner) =>
            new SsoException(ErrorIds.AccountNotFound, SsoErrorKind.ObjectNotFound,
                $"The account {accountId} is not one you can reach through '{target.DisplayName}'. List yours with 'Get-SsoAccount'.", accountId, inner);
    }
}
