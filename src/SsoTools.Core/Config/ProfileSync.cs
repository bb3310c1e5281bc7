using System;
using System.Collections.Generic;
using System.Linq;
using SsoTools.Core.Errors;
using SsoTools.Model;

namespace SsoTools.Core.Config
{
    /// <summary>One profile Sync-SsoProfile wants: its name and the role it signs in to.</summary>
    public sealed class SyncTarget
    {
        public SyncTarget(string profileName, SsoRole role) { ProfileName = profileName; Role = role; }
        public string ProfileName { get; }
        public SsoRole Role { get; }
    }

    /// <summary>
    /// What Sync-SsoProfile does to the config: a profile per wanted role (added, updated or left as it
    /// is) and, with prune, the removal of generated profiles whose assignment is gone. Generated
    /// profiles carry SsoConfigEditor.SyncMarkerKey; a profile without it (written by hand, or by
    /// Set-SsoProfile) is never changed without force and never pruned.
    /// </summary>
    public sealed class ProfileSync
    {
        readonly ConfigDocument _doc;
        readonly SsoConfigEditor _editor;
        readonly string _session;

        public ProfileSync(ConfigDocument doc, string sessionName)
        {
            _doc = doc;
            _editor = new SsoConfigEditor(doc);
            _session = sessionName;
        }

        /// <summary>Two roles that give one name: an error before anything is written.</summary>
        public static void CheckCollisions(IReadOnlyList<SyncTarget> wanted, string where)
        {
            var clashes = wanted.GroupBy(w => w.ProfileName, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
            if (clashes.Count == 0) return;
            var first = clashes[0];
            throw new SsoException(ErrorIds.SyncNameCollision, SsoErrorKind.InvalidArgument,
                $"The name template gives '{first.Key}' to {first.Count()} roles ({string.Join(", ", first.Select(w => w.Role.RoleName + " in " + w.Role.AccountId))})" +
                (clashes.Count > 1 ? $", and {clashes.Count - 1} more names clash" : "") +
                $"; nothing was written to {where}. Add {{AccountId}} or {{RoleName}} to the template.", first.Key);
        }

        /// <summary>
        /// The plan for the wanted profiles: Added, Updated or Unchanged each; a profile of that name that
        /// Sync does not own is reported through refused (and left) unless force.
        /// </summary>
        public List<SsoSyncResult> PlanWanted(IReadOnlyList<SyncTarget> wanted, string? region, string? output, bool force, List<SsoException> refused)
        {
            var plan = new List<SsoSyncResult>();
            foreach (var w in wanted)
            {
                var result = Result(w.ProfileName, SsoSyncAction.Added, w.Role.AccountId, w.Role.AccountName, w.Role.RoleName, region);
                string? section = ConfigNames.FindProfileSection(_doc, w.ProfileName);
                if (section != null)
                {
                    bool same = Own(section, "sso_session") == _session && Own(section, "sso_account_id") == w.Role.AccountId &&
                                Own(section, "sso_role_name") == w.Role.RoleName &&
                                (region == null || Own(section, "region") == region) && (output == null || Own(section, "output") == output) &&
                                ConfigNames.FindProfileSections(_doc, w.ProfileName).Count == 1 && _editor.OtherCredentialKeysOf(w.ProfileName).Count == 0;
                    bool ours = _editor.SyncMarkerOf(w.ProfileName) == _session;
                    // Ours, but since edited by hand to get credentials another way or spelled twice: not silently undone.
                    bool tampered = _editor.OtherCredentialKeysOf(w.ProfileName).Count > 0 || ConfigNames.FindProfileSections(_doc, w.ProfileName).Count > 1;
                    if (same) result.Action = SsoSyncAction.Unchanged;
                    else if ((ours && !tampered) || force) result.Action = SsoSyncAction.Updated;
                    else
                    {
                        refused.Add(new SsoException(ErrorIds.SsoProfileExists, SsoErrorKind.ResourceExists,
                            $"The profile '{w.ProfileName}' exists and Sync-SsoProfile did not write it; it was left as it is. Choose a -NameTemplate that avoids it, or use -Force to take it over.", w.ProfileName));
                        continue;
                    }
                }
                plan.Add(result);
            }
            return plan;
        }

        /// <summary>
        /// Generated profiles of this session whose assignment is gone: their account is no longer
        /// assigned at all, or it was listed (it passed the account filter) and no longer has the role
        /// (within the role filter). Profiles of accounts or roles the filters left out stay.
        /// </summary>
        public List<SsoSyncResult> PlanPrune(ISet<string> wantedNames, ISet<string> assignedAccounts,
            IReadOnlyDictionary<string, ISet<string>> listedRoles, Func<string, bool> roleInScope)
        {
            var plan = new List<SsoSyncResult>();
            foreach (string name in _editor.ProfileNames())
            {
                if (wantedNames.Contains(name) || _editor.SyncMarkerOf(name) != _session) continue;
                // Only a profile Sync wholly owns goes: another spelling of the name may be hand-written.
                if (ConfigNames.FindProfileSections(_doc, name).Count > 1) continue;
                string section = ConfigNames.FindProfileSection(_doc, name)!;
                string? account = Own(section, "sso_account_id"), role = Own(section, "sso_role_name");
                bool gone = account == null || role == null || !assignedAccounts.Contains(account) ||
                            (listedRoles.TryGetValue(account, out var roles) && roleInScope(role) && !roles.Contains(role));
                if (gone) plan.Add(Result(name, SsoSyncAction.Removed, account, null, role, Own(section, "region")));
            }
            return plan;
        }

        /// <summary>
        /// Carries out one planned change on the document, checking again that it is still Sync's to make:
        /// the same edit is replayed on the file as it is at the write, which another program may have
        /// changed since the plan. A change that is no longer Sync's (the marker gone, or another
        /// session's) is skipped (false). A profile that still carries Sync's marker but has since
        /// gained other credential keys or a second section is refused as Set-SsoProfile refuses it
        /// (ProfileHasOtherCredentials, SectionDefinedTwice): the whole sync stops and nothing is
        /// written, rather than Sync overwriting what another writer just added.
        /// </summary>
        public static bool Apply(SsoConfigEditor editor, SsoSyncResult change, string sessionName, string? region, string? output, bool force)
        {
            var doc = editor.Document;
            bool exists = ConfigNames.FindProfileSection(doc, change.ProfileName) != null;
            bool ours = editor.SyncMarkerOf(change.ProfileName) == sessionName;
            switch (change.Action)
            {
                case SsoSyncAction.Added:
                case SsoSyncAction.Updated:
                    if (exists && !ours && !force) return false;
                    editor.SetGeneratedProfile(change.ProfileName, sessionName, change.AccountId!, change.RoleName!, region, output, force);
                    return true;
                case SsoSyncAction.Removed:
                    if (!ours || ConfigNames.FindProfileSections(doc, change.ProfileName).Count != 1) return false;
                    editor.RemoveProfile(change.ProfileName, force: true);
                    return true;
                default:
                    return false;
            }
        }

        string? Own(string section, string key) => _doc.GetOwnValue(section, key);

        SsoSyncResult Result(string name, SsoSyncAction action, string? accountId, string? accountName, string? roleName, string? region) =>
            new SsoSyncResult { ProfileName = name, Action = action, SessionName = _session, AccountId = accountId, AccountName = accountName, RoleName = roleName, Region = region };
    }
}
