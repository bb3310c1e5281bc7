using System;
using System.Collections.Generic;
using System.Linq;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Model;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// docs/DESIGN.md "Sync-SsoProfile": ProfileSync's plan over a config document and the roles listed,
    /// and Apply, which re-checks each change against the document as it is at the write.
    /// </summary>
    public class ProfileSyncTests
    {
        const string Session =
            "[sso-session dev]\n" +
            "sso_start_url = https://d-123.awsapps.com/start\n" +
            "sso_region = us-east-1\n\n";

        static SsoRole Role(string account, string role, string? accountName = null) =>
            new SsoRole { SessionName = "dev", AccountId = account, AccountName = accountName ?? "Account " + account.Substring(10), RoleName = role };

        /// <summary>What Sync-SsoProfile's default template, {RoleName}-{AccountId}, names each role.</summary>
        static List<SyncTarget> Wanted(params SsoRole[] roles) =>
            roles.Select(r => new SyncTarget(SsoConfigEditor.ExpandTemplate("{RoleName}-{AccountId}", "dev", r.AccountId, r.AccountName, r.RoleName), r)).ToList();

        static string Generated(string name, string account, string role, string session = "dev", string extra = "") =>
            $"[profile {name}]\nsso_session = dev\nsso_account_id = {account}\nsso_role_name = {role}\n{extra}ssotools_sync = {session}\n\n";

        static (ConfigDocument, ProfileSync) Plan(string text) { var doc = ConfigDocument.Parse(text, "/test/config"); return (doc, new ProfileSync(doc, "dev")); }

        static SsoSyncResult Only(List<SsoSyncResult> plan, string name) => Assert.Single(plan, p => p.ProfileName == name);

        [Fact]
        public void RolesWithoutAProfileAreAdded()
        {
            var (doc, sync) = Plan(Session);
            var refused = new List<SsoException>();

            var plan = sync.PlanWanted(Wanted(Role("111111110001", "ReadOnly", "Prod"), Role("111111110002", "Admin")), "eu-west-1", null, false, refused);

            Assert.Empty(refused);
            Assert.Equal(new[] { "ReadOnly-111111110001", "Admin-111111110002" }, plan.Select(p => p.ProfileName));
            Assert.All(plan, p => Assert.Equal(SsoSyncAction.Added, p.Action));
            var first = plan[0];
            Assert.Equal(("dev", "111111110001", "Prod", "ReadOnly", "eu-west-1"), (first.SessionName, first.AccountId, first.AccountName, first.RoleName, first.Region));
            Assert.False(doc.IsModified); // a plan writes nothing
        }

        [Fact]
        public void AppliedProfilesAreMarkedAndASecondPlanFindsThemUnchanged()
        {
            var (doc, sync) = Plan(Session);
            var plan = sync.PlanWanted(Wanted(Role("111111110001", "ReadOnly")), "eu-west-1", "json", false, new List<SsoException>());
            var editor = new SsoConfigEditor(doc);
            foreach (var change in plan) Assert.True(ProfileSync.Apply(editor, change, "dev", "eu-west-1", "json", false));

            string section = ConfigNames.FindProfileSection(doc, "ReadOnly-111111110001")!;
            Assert.Equal("dev", doc.GetOwnValue(section, "sso_session"));
            Assert.Equal("111111110001", doc.GetOwnValue(section, "sso_account_id"));
            Assert.Equal("ReadOnly", doc.GetOwnValue(section, "sso_role_name"));
            Assert.Equal("eu-west-1", doc.GetOwnValue(section, "region"));
            Assert.Equal("json", doc.GetOwnValue(section, "output"));
            Assert.Equal("dev", doc.GetOwnValue(section, SsoConfigEditor.SyncMarkerKey));

            var again = new ProfileSync(ConfigDocument.Parse(doc.ToText()), "dev").PlanWanted(Wanted(Role("111111110001", "ReadOnly")), "eu-west-1", "json", false, new List<SsoException>());
            Assert.Equal(SsoSyncAction.Unchanged, Assert.Single(again).Action);
        }

        [Fact]
        public void AGeneratedProfileThatSaysSomethingElseIsUpdated()
        {
            var (doc, sync) = Plan(Session + Generated("ReadOnly-111111110001", "111111110001", "ReadOnly", extra: "region = us-east-1\n"));

            var plan = sync.PlanWanted(Wanted(Role("111111110001", "ReadOnly")), "eu-west-1", null, false, new List<SsoException>());

            Assert.Equal(SsoSyncAction.Updated, Assert.Single(plan).Action);
            Assert.True(ProfileSync.Apply(new SsoConfigEditor(doc), plan[0], "dev", "eu-west-1", null, false));
            Assert.Equal("eu-west-1", doc.GetOwnValue(ConfigNames.FindProfileSection(doc, "ReadOnly-111111110001")!, "region"));
        }

        [Fact]
        public void NoRegionAskedLeavesTheProfilesRegionAlone()
        {
            var (_, sync) = Plan(Session + Generated("ReadOnly-111111110001", "111111110001", "ReadOnly", extra: "region = us-east-1\n"));
            var plan = sync.PlanWanted(Wanted(Role("111111110001", "ReadOnly")), null, null, false, new List<SsoException>());
            Assert.Equal(SsoSyncAction.Unchanged, Assert.Single(plan).Action);
        }

        [Fact]
        public void AHandWrittenProfileThatSaysTheSameIsUnchangedAndStaysUnmarked()
        {
            string text = Session + "# mine\n[profile ReadOnly-111111110001]\nsso_session = dev\nsso_account_id = 111111110001\nsso_role_name = ReadOnly\n";
            var (doc, sync) = Plan(text);
            var refused = new List<SsoException>();

            var plan = sync.PlanWanted(Wanted(Role("111111110001", "ReadOnly")), null, null, false, refused);

            Assert.Empty(refused);
            Assert.Equal(SsoSyncAction.Unchanged, Assert.Single(plan).Action);
            Assert.False(ProfileSync.Apply(new SsoConfigEditor(doc), plan[0], "dev", null, null, false));
            Assert.Equal(text, doc.ToText());
        }

        public static TheoryData<string, string> NotSyncs() => new TheoryData<string, string>
        {
            { "hand-written", "[profile ReadOnly-111111110001]\nsso_session = dev\nsso_account_id = 111111110001\nsso_role_name = Admin\n" },
            { "another session's", Generated("ReadOnly-111111110001", "111111110001", "Admin", session: "other") },
            // Generated, then edited by hand to get credentials another way: not silently undone.
            { "generated, then given keys", Generated("ReadOnly-111111110001", "111111110001", "ReadOnly", extra: "aws_access_key_id = AKIAEXAMPLE\n") },
            // Generated, and spelled a second time by hand: the marker is in the section botocore reads.
            { "generated, spelled twice", "[profile \"ReadOnly-111111110001\"]\nregion = us-west-2\n\n" + Generated("ReadOnly-111111110001", "111111110001", "Admin") },
        };

        [Theory]
        [MemberData(nameof(NotSyncs))]
        public void AProfileSyncDoesNotOwnIsRefusedAndLeftUnlessForced(string what, string profile)
        {
            _ = what;
            string text = Session + profile;
            var (doc, sync) = Plan(text);
            var refused = new List<SsoException>();

            var plan = sync.PlanWanted(Wanted(Role("111111110001", "ReadOnly"), Role("111111110002", "ReadOnly")), null, null, false, refused);

            var ex = Assert.Single(refused);
            Assert.Equal(ErrorIds.SsoProfileExists, ex.ErrorId);
            Assert.Equal("ReadOnly-111111110001", ex.Target);
            Assert.Contains("-Force", ex.Message);
            // The rest is planned all the same.
            Assert.Equal(SsoSyncAction.Added, Assert.Single(plan).Action);
            Assert.Equal("ReadOnly-111111110002", plan[0].ProfileName);
            Assert.Equal(text, doc.ToText());

            // -Force takes it over: planned as an update, and applied.
            var forced = new List<SsoException>();
            var taken = Only(sync.PlanWanted(Wanted(Role("111111110001", "ReadOnly")), null, null, true, forced), "ReadOnly-111111110001");
            Assert.Empty(forced);
            Assert.Equal(SsoSyncAction.Updated, taken.Action);
            // Not without force at the write either: skipped, or (a profile still marked ours but edited since) refused
            // by the editor's own checks; either way nothing is written.
            try { Assert.False(ProfileSync.Apply(new SsoConfigEditor(doc), taken, "dev", null, null, force: false)); }
            catch (SsoException e) when (e.ErrorId == ErrorIds.ProfileHasOtherCredentials || e.ErrorId == ErrorIds.SectionDefinedTwice) { }
            Assert.Equal(text, doc.ToText());
            Assert.True(ProfileSync.Apply(new SsoConfigEditor(doc), taken, "dev", null, null, force: true));
            var sections = ConfigNames.FindProfileSections(doc, "ReadOnly-111111110001");
            string section = Assert.Single(sections);
            Assert.Equal("ReadOnly", doc.GetOwnValue(section, "sso_role_name"));
            Assert.Equal("dev", doc.GetOwnValue(section, SsoConfigEditor.SyncMarkerKey));
            Assert.Null(doc.GetOwnValue(section, "aws_access_key_id"));
        }

        [Fact]
        public void ATemplateThatGivesTwoRolesOneNameIsACollision()
        {
            var roles = new[] { Role("111111110001", "ReadOnly"), Role("111111110002", "ReadOnly"), Role("111111110002", "Admin") };
            var wanted = roles.Select(r => new SyncTarget(SsoConfigEditor.ExpandTemplate("{RoleName}", "dev", r.AccountId, r.AccountName, r.RoleName), r)).ToList();

            var ex = Assert.Throws<SsoException>(() => ProfileSync.CheckCollisions(wanted, "/test/config"));

            Assert.Equal(ErrorIds.SyncNameCollision, ex.ErrorId);
            Assert.Equal("ReadOnly", ex.Target);
            Assert.Contains("ReadOnly in 111111110001", ex.Message);
            Assert.Contains("ReadOnly in 111111110002", ex.Message);
            Assert.Contains("nothing was written to /test/config", ex.Message);
            Assert.DoesNotContain("more names clash", ex.Message);
        }

        [Fact]
        public void NamesThatCollideOnlyOnceSanitizedAreACollisionToo()
        {
            // "Dev Team" and "Dev-Team" are one profile name: a space cannot be in one.
            var roles = new[] { Role("111111110001", "Admin", "Dev Team"), Role("111111110002", "Admin", "Dev-Team"), Role("111111110003", "X", "A"), Role("111111110004", "X", "A") };
            var wanted = roles.Select(r => new SyncTarget(SsoConfigEditor.ExpandTemplate("{AccountName}", "dev", r.AccountId, r.AccountName, r.RoleName), r)).ToList();
            Assert.Equal("Dev-Team", wanted[0].ProfileName);

            var ex = Assert.Throws<SsoException>(() => ProfileSync.CheckCollisions(wanted, "/test/config"));

            Assert.Equal(ErrorIds.SyncNameCollision, ex.ErrorId);
            Assert.Equal("Dev-Team", ex.Target);
            Assert.Contains("and 1 more names clash", ex.Message);
        }

        [Fact]
        public void TheDefaultTemplateGivesEveryRoleItsOwnName()
        {
            ProfileSync.CheckCollisions(Wanted(Role("111111110001", "ReadOnly"), Role("111111110002", "ReadOnly"), Role("111111110001", "Admin")), "/test/config");
        }

        // Prune: accounts 111111110001 (listed: ReadOnly only) and 111111110003 (assigned, left out by the account filter) are assigned.
        static readonly ISet<string> Assigned = new HashSet<string> { "111111110001", "111111110003" };
        static readonly IReadOnlyDictionary<string, ISet<string>> Listed = new Dictionary<string, ISet<string>> { ["111111110001"] = new HashSet<string> { "ReadOnly" } };

        static List<SsoSyncResult> Prune(string profiles, ISet<string>? wanted = null, Func<string, bool>? roleInScope = null) =>
            Plan(Session + profiles).Item2.PlanPrune(wanted ?? new HashSet<string>(), Assigned, Listed, roleInScope ?? (_ => true));

        [Fact]
        public void AGeneratedProfileWhoseAccountIsGoneIsRemoved()
        {
            var plan = Prune(Generated("gone", "111111110002", "ReadOnly", extra: "region = eu-west-1\n"));
            var removed = Assert.Single(plan);
            Assert.Equal(("gone", SsoSyncAction.Removed, "111111110002", "ReadOnly", "eu-west-1"), (removed.ProfileName, removed.Action, removed.AccountId, removed.RoleName, removed.Region));
        }

        [Fact]
        public void AGeneratedProfileWhoseRoleIsGoneFromAListedAccountIsRemoved()
        {
            var plan = Prune(Generated("admin", "111111110001", "Admin") + Generated("readonly", "111111110001", "ReadOnly"));
            Assert.Equal("admin", Assert.Single(plan).ProfileName);
        }

        [Fact]
        public void WhatTheFiltersLeftOutStays()
        {
            // An assigned account that was not listed (the account filter), and a role outside the role filter.
            Assert.Empty(Prune(Generated("unlisted", "111111110003", "Whatever")));
            Assert.Empty(Prune(Generated("admin", "111111110001", "Admin"), roleInScope: r => r.StartsWith("Read", StringComparison.Ordinal)));
        }

        [Fact]
        public void OnlyProfilesSyncWroteForThisSessionArePruned()
        {
            string handWritten = "[profile hand]\nsso_session = dev\nsso_account_id = 111111110002\nsso_role_name = ReadOnly\n\n";
            Assert.Empty(Prune(handWritten));
            Assert.Empty(Prune(Generated("theirs", "111111110002", "ReadOnly", session: "other")));
            // Wanted this time (a role listed under a new name, say): planned there, not pruned.
            Assert.Empty(Prune(Generated("gone", "111111110002", "ReadOnly"), wanted: new HashSet<string> { "gone" }));
        }

        [Fact]
        public void ANameWithSeveralSectionsIsNeverPruned()
        {
            string twice = "[profile 'gone']\nregion = us-west-2\n\n" + Generated("gone", "111111110002", "ReadOnly");
            Assert.Empty(Prune(twice));
            // The same generated profile alone is pruned: the second spelling is what keeps it.
            Assert.Single(Prune(Generated("gone", "111111110002", "ReadOnly")));
        }

        [Fact]
        public void AGeneratedProfileMissingItsAccountOrRoleIsRemoved()
        {
            var plan = Prune("[profile broken]\nsso_session = dev\nsso_account_id = 111111110001\nssotools_sync = dev\n\n");
            Assert.Equal(SsoSyncAction.Removed, Assert.Single(plan).Action);
        }

        [Fact]
        public void ARemovalIsAppliedOnlyWhileTheProfileIsStillSyncs()
        {
            var (doc, sync) = Plan(Session + Generated("gone", "111111110002", "ReadOnly") + "[profile keep]\nregion = us-west-2\n");
            var removal = Assert.Single(sync.PlanPrune(new HashSet<string>(), Assigned, Listed, _ => true));

            // Another program took the marker out between the plan and the write.
            var later = ConfigDocument.Parse(doc.ToText().Replace("ssotools_sync = dev\n", ""));
            string before = later.ToText();
            Assert.False(ProfileSync.Apply(new SsoConfigEditor(later), removal, "dev", null, null, force: true));
            Assert.Equal(before, later.ToText());

            // Unchanged since: the profile goes, and nothing else.
            Assert.True(ProfileSync.Apply(new SsoConfigEditor(doc), removal, "dev", null, null, force: false));
            Assert.Empty(ConfigNames.FindProfileSections(doc, "gone"));
            Assert.Equal(Session + "[profile keep]\nregion = us-west-2\n", doc.ToText());
        }

        [Fact]
        public void AnAdditionIsNotAppliedOverAProfileWrittenByHandSinceThePlan()
        {
            var (doc, sync) = Plan(Session);
            var addition = Assert.Single(sync.PlanWanted(Wanted(Role("111111110001", "ReadOnly")), null, null, false, new List<SsoException>()));
            Assert.Equal(SsoSyncAction.Added, addition.Action);

            var later = ConfigDocument.Parse(Session + "[profile ReadOnly-111111110001]\naws_access_key_id = AKIAEXAMPLE\n");
            string before = later.ToText();
            Assert.False(ProfileSync.Apply(new SsoConfigEditor(later), addition, "dev", null, null, force: false));
            Assert.Equal(before, later.ToText());
        }
    }
}
