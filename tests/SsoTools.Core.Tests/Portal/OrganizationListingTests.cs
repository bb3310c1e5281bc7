using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Core.Portal;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tests.Auth;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Model;
using Xunit;

namespace SsoTools.Core.Tests.Portal
{
    /// <summary>
    /// OrganizationListing against the emulator (3 accounts, 111111110001-3 named account-001-3, each
    /// with ReadOnly and Admin): the token, the listing, the order, and the inventory it records.
    /// </summary>
    [Collection(EmulatorCollection.Name)]
    public class OrganizationListingTests
    {
        readonly EmulatorFixture _emu;
        static readonly SignIn Dev = new SignIn("dev", "https://d-123.awsapps.com/start", "us-east-1", new[] { "sso:account:access" });
        static readonly string[] AccountIds = { "111111110001", "111111110002", "111111110003" };

        public OrganizationListingTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
        }

        /// <summary>Signs in for real, then moves the clock so the token has `left` to live.</summary>
        async Task<Sandbox> SignedIn(TimeSpan left)
        {
            var clock = new OffsetClock();
            var s = new Sandbox(clock: clock);
            await new LoginService(s.Context).LoginAsync(Dev, new LoginOptions { UseDeviceCode = true, NoBrowser = true }, new RecordingFeedback(), CancellationToken.None);
            var token = s.Context.Tokens.Load(s.Context.Tokens.PathFor(Dev.SessionName, Dev.StartUrl))!;
            clock.Offset = token.ExpiresAt - DateTime.UtcNow - left;
            _emu.Server.ResetCounters();
            return s;
        }

        static List<Inventory.Account> Recorded(Sandbox s) => new Inventory(s.InventoryPath).Read().OrderBy(a => a.AccountId, StringComparer.Ordinal).ToList();

        [Fact]
        public async Task AccountsAreListedInTheServicesOrderAndRecordedForCompletion()
        {
            using var s = await SignedIn(TimeSpan.FromHours(2));
            var accounts = await new OrganizationListing(s.Context).AccountsAsync(Dev, new RecordingFeedback(), CancellationToken.None);

            Assert.Equal(AccountIds, accounts.Select(a => a.AccountId));
            Assert.Equal(new[] { "account-001", "account-002", "account-003" }, accounts.Select(a => a.AccountName));
            Assert.All(accounts, a => Assert.Equal("dev", a.SessionName));
            var recorded = Recorded(s);
            Assert.Equal(AccountIds, recorded.Select(a => a.AccountId));
            Assert.All(recorded, a => Assert.Equal("dev", a.Session));
            Assert.Equal("account-002", recorded[1].AccountName);
        }

        [Fact]
        public async Task TheRolesOfOneAccountCarryItsNameLookedUpOncePerSignIn()
        {
            using var s = await SignedIn(TimeSpan.FromHours(2));
            var listing = new OrganizationListing(s.Context);

            var roles = await listing.RolesAsync(Dev, "111111110002", null, new RecordingFeedback(), CancellationToken.None);
            long listings = _emu.Count("ListAccounts");
            var more = await listing.RolesAsync(Dev, "111111110003", "", new RecordingFeedback(), CancellationToken.None);

            Assert.Equal(new[] { "ReadOnly", "Admin" }, roles.Select(r => r.RoleName));
            Assert.All(roles, r => Assert.Equal("111111110002", r.AccountId));
            Assert.All(roles, r => Assert.Equal("account-002", r.AccountName));
            Assert.All(more, r => Assert.Equal("account-003", r.AccountName));
            Assert.True(listings > 0);
            Assert.Equal(listings, _emu.Count("ListAccounts"));
            var recorded = Recorded(s);
            Assert.Equal(new[] { "111111110002", "111111110003" }, recorded.Select(a => a.AccountId));
            Assert.Equal(new[] { "Admin", "ReadOnly" }, recorded[0].Roles);
        }

        [Fact]
        public async Task AGivenAccountNameIsUsedWithoutListingTheAccounts()
        {
            using var s = await SignedIn(TimeSpan.FromHours(2));
            var roles = await new OrganizationListing(s.Context).RolesAsync(Dev, "111111110001", "mine", new RecordingFeedback(), CancellationToken.None);

            Assert.All(roles, r => Assert.Equal("mine", r.AccountName));
            Assert.Equal(0, _emu.Count("ListAccounts"));
        }

        [Fact]
        public async Task AllRolesArriveInTheAccountsOrderWhateverOrderTheyFinishIn()
        {
            using var s = await SignedIn(TimeSpan.FromHours(2));
            var options = _emu.Server.Options;
            int accounts = options.Accounts, delay = options.DribbleDelayMs;
            // Eight accounts, four at a time; the first ListAccountRoles answer (or the first few, sent at
            // once) comes a byte at a time, so accounts after it finish before it.
            options.Accounts = 8;
            options.DribbleDelayMs = 10;
            options.FaultMode = "dribble";
            options.FaultCount = 1;
            options.FaultPath = "/assignment/roles";
            try
            {
                var ids = Enumerable.Range(1, 8).Select(i => "11111111000" + i).ToList();
                var heard = new List<string>();
                var feedback = new RecordingFeedback();
                var listed = await new OrganizationListing(s.Context).AllRolesAsync(Dev, feedback, CancellationToken.None, (account, roles) =>
                {
                    Assert.All(roles, r => Assert.Equal(account.AccountId, r.AccountId));
                    heard.Add(account.AccountId);
                });

                Assert.True(_emu.Count("FaultsInjected") > 0);
                Assert.Equal(ids, heard);
                Assert.Equal(ids, listed.Select(p => p.Key.AccountId));
                Assert.All(listed, p => Assert.Equal(new[] { "ReadOnly", "Admin" }, p.Value.Select(r => r.RoleName)));
                Assert.All(listed, p => Assert.All(p.Value, r => Assert.Equal(p.Key.AccountName, r.AccountName)));
                Assert.Equal("PROGRESS Listing the roles of 8 accounts 8/8", feedback.Lines.Last());
                var recorded = Recorded(s);
                Assert.Equal(ids, recorded.Select(a => a.AccountId));
                Assert.All(recorded, a => Assert.Equal(new[] { "Admin", "ReadOnly" }, a.Roles));
            }
            finally
            {
                options.Accounts = accounts;
                options.FaultPath = "";
                options.FaultMode = "500";
                options.FaultCount = 0;
                options.DribbleDelayMs = delay;
            }
        }

        [Fact]
        public async Task NotSignedInIsNotLoggedInAndNothingIsRecorded()
        {
            using var s = new Sandbox();
            var listing = new OrganizationListing(s.Context);
            var calls = new Func<Task>[]
            {
                () => listing.AccountsAsync(Dev, new RecordingFeedback(), CancellationToken.None),
                () => listing.RolesAsync(Dev, "111111110001", null, new RecordingFeedback(), CancellationToken.None),
                () => listing.AllRolesAsync(Dev, new RecordingFeedback(), CancellationToken.None),
            };
            foreach (var call in calls)
            {
                var ex = await Assert.ThrowsAsync<SsoException>(call);
                Assert.Equal(ErrorIds.NotLoggedIn, ex.ErrorId);
                Assert.Contains("You are not signed in to 'dev'", ex.Message);
            }
            Assert.Equal(0, _emu.Count("ListAccounts") + _emu.Count("ListAccountRoles"));
            Assert.False(File.Exists(s.InventoryPath));
        }

        [Fact]
        public async Task AnExpiredTokenWithARefreshTokenIsRefreshedOnceForTheWholeListing()
        {
            using var s = await SignedIn(TimeSpan.FromMinutes(-5));
            var before = s.Context.Tokens.Load(s.Context.Tokens.PathFor("dev", Dev.StartUrl))!;

            var listed = await new OrganizationListing(s.Context).AllRolesAsync(Dev, new RecordingFeedback(), CancellationToken.None);

            Assert.Equal(AccountIds, listed.Select(p => p.Key.AccountId));
            Assert.Equal(1, _emu.Count("CreateToken:refresh_token"));
            Assert.Equal(1, _emu.Count("CreateToken"));
            var after = s.Context.Tokens.Load(s.Context.Tokens.PathFor("dev", Dev.StartUrl))!;
            Assert.NotEqual(before.AccessToken, after.AccessToken);
        }

        [Fact]
        public async Task AGivenAccessTokenIsUsedAsItIsAndNothingIsRecorded()
        {
            // Initialize-SsoProfile -WhatIf: a token with five minutes left, which a real run would refresh.
            using var s = await SignedIn(TimeSpan.FromMinutes(5));
            string path = s.Context.Tokens.PathFor("dev", Dev.StartUrl);
            string bytes = File.ReadAllText(path);
            var listing = OrganizationListing.WithAccessToken(s.Context, s.Context.Tokens.Load(path)!.AccessToken);

            var accounts = await listing.AccountsAsync(Dev, new RecordingFeedback(), CancellationToken.None);
            var roles = await listing.RolesAsync(Dev, accounts[0].AccountId, accounts[0].AccountName, new RecordingFeedback(), CancellationToken.None);

            Assert.Equal(AccountIds, accounts.Select(a => a.AccountId));
            Assert.Equal(new[] { "ReadOnly", "Admin" }, roles.Select(r => r.RoleName));
            Assert.Equal(0, _emu.Count("CreateToken"));
            Assert.Equal(bytes, File.ReadAllText(path));
            Assert.False(File.Exists(s.InventoryPath));
        }
    }
}
