using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SsoTools.Core.Resolution;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Model;
using SsoTools.Core.Portal;

namespace SsoTools.Commands
{
    /// <summary>
    /// A profile for every account and role a session can reach, kept current: new assignments are
    /// added, changed ones updated, and with -Prune the generated profiles whose assignment is gone
    /// are removed. Hand-written profiles are never changed without -Force and never pruned. One
    /// listing, one atomic write; a listing that fails writes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "SsoProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SsoSyncResult))]
    public sealed class SyncSsoProfileCommand : ConfigChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string SessionName { get; set; } = "";

        /// <summary>A format string ('{AccountName}.{RoleName}') or a script block that gets each SsoRole as $_ and returns the name.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(NameTemplateCompleter))]
        public object NameTemplate { get; set; } = "{RoleName}-{AccountId}";

        [ArgumentCompleter(typeof(RegionCompleter))]
        [Parameter] public string? Region { get; set; }

        [Parameter]
        [ValidateSet("json", "yaml", "yaml-stream", "text", "table")]
        public string? Output { get; set; }

        /// <summary>Only accounts whose name or ID matches (wildcards).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AccountIdCompleter))]
        public string[]? AccountFilter { get; set; }

        /// <summary>Only roles whose name matches (wildcards).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string[]? RoleFilter { get; set; }

        /// <summary>Remove generated profiles whose assignment is gone.</summary>
        [Parameter] public SwitchParameter Prune { get; set; }

        /// <summary>Take over profiles of the same name that Sync did not write.</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                if (Region != null) SsoValidation.Region(Region);
                var target = ReadConfig().ForSession(SessionName);
                var (accounts, roles) = List(target);

                var accountPatterns = Wildcards.ForServiceNames(AccountFilter);
                var rolePatterns = Wildcards.ForServiceNames(RoleFilter);
                var wanted = new List<SyncTarget>();
                var listedRoles = new Dictionary<string, ISet<string>>(StringComparer.Ordinal);
                foreach (var pair in roles)
                {
                    listedRoles[pair.Key] = new HashSet<string>(pair.Value.Select(r => r.RoleName), StringComparer.Ordinal);
                    foreach (var role in pair.Value)
                        if (Wildcards.Any(rolePatterns, role.RoleName)) wanted.Add(new SyncTarget(NameFor(role, accounts), role));
                }
                ProfileSync.CheckCollisions(wanted, ConfigTarget);

                var sync = new ProfileSync(Document, SessionName);
                var refused = new List<SsoException>();
                var plan = sync.PlanWanted(wanted, Region, Output, Force, refused);
                if (Prune)
                {
                    var names = new HashSet<string>(wanted.Select(w => w.ProfileName), StringComparer.Ordinal);
                    var assigned = new HashSet<string>(accounts.Select(a => a.AccountId), StringComparer.Ordinal);
                    plan.AddRange(sync.PlanPrune(names, assigned, listedRoles, role => Wildcards.Any(rolePatterns, role)));
                }
                foreach (var ex in refused) WriteFailure(ex);

                int added = plan.Count(p => p.Action == SsoSyncAction.Added), updated = plan.Count(p => p.Action == SsoSyncAction.Updated),
                    removed = plan.Count(p => p.Action == SsoSyncAction.Removed);
                string summary = $"Sync profiles of sso-session {SessionName}: {added} to add, {updated} to update, {removed} to remove, {plan.Count - added - updated - removed} unchanged";
                if (added + updated + removed == 0)
                {
                    WriteVerbose(summary + ": nothing to write.");
                }
                else
                {
                    // Every edit (and its checks) first, then one question: -WhatIf promises only what a real run does.
                    string session = SessionName;
                    string? region = Region, output = Output;
                    bool force = Force;
                    var mark = Mark();
                    foreach (var change in plan.Where(p => p.Action != SsoSyncAction.Unchanged))
                        Apply(e => ProfileSync.Apply(e, change, session, region, output, force));
                    if (!ShouldProcess(ConfigTarget, summary))
                    {
                        Undo(mark);
                        // -WhatIf: the plan is the output. A 'No' at -Confirm: nothing happened, nothing to report.
                        if (!WhatIfRequested) return;
                    }
                }
                // The plan is the output: with -WhatIf what would happen, otherwise what did (after the write).
                foreach (var result in plan.OrderBy(p => p.ProfileName, StringComparer.Ordinal)) Emit(result);
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                // A listing that failed, or a name collision: nothing of this session is written.
                ThrowFailure(ex);
            }
        }

        /// <summary>Every account (for -Prune) and the roles of the accounts the filter keeps, with progress.</summary>
        (IReadOnlyList<SsoAccount>, List<KeyValuePair<string, IReadOnlyList<SsoRole>>>) List(SignIn target)
        {
            var listing = new OrganizationListing(Context);
            var accounts = Run((feedback, ct) => listing.AccountsAsync(target, feedback, ct));
            var patterns = Wildcards.ForServiceNames(AccountFilter);
            var kept = accounts.Where(a => Wildcards.Any(patterns, a.AccountName, a.AccountId)).OrderBy(a => a.AccountId, StringComparer.Ordinal).ToList();
            var listed = Run((feedback, ct) => listing.RolesOfAsync(target, kept, feedback, ct));
            var roles = listed.Select(p => new KeyValuePair<string, IReadOnlyList<SsoRole>>(p.Key.AccountId, p.Value)).ToList();
            return (accounts, roles);
        }

        string NameFor(SsoRole role, IReadOnlyList<SsoAccount> accounts)
        {
            string? email = accounts.FirstOrDefault(a => a.AccountId == role.AccountId)?.EmailAddress;
            string name;
            if (NameTemplate is ScriptBlock block || (NameTemplate is PSObject pso && pso.BaseObject is ScriptBlock))
            {
                var sb = NameTemplate as ScriptBlock ?? (ScriptBlock)((PSObject)NameTemplate).BaseObject;
                var output = sb.InvokeWithContext(null, new List<PSVariable> { new PSVariable("_", role) }, role);
                name = output.Count > 0 && output[0] != null ? output[0].ToString() : "";
                name = SsoConfigEditor.Sanitize(name);
            }
            else
            {
                string template = NameTemplate is PSObject p ? p.BaseObject.ToString()! : NameTemplate.ToString()!;
                name = SsoConfigEditor.ExpandTemplate(template, SessionName, role.AccountId, role.AccountName, role.RoleName, email);
            }
            SsoValidation.ProfileName(name);
            return name;
        }
    }
}
