using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Model;
using SsoTools.Core.Portal;

namespace SsoTools.Commands
{
    /// <summary>
    /// The `aws configure sso` wizard, through the PowerShell host: asks only for what no parameter
    /// gave (choices with PromptForChoice, text with ReadLine), signs in, lists accounts and roles
    /// (a single one is taken without asking), and writes the session and the profile in one write.
    /// -WhatIf signs in nowhere (no browser, no refresh: both write the token cache): a cached token
    /// that is still good lists the accounts and roles, else they are given or asked for as text.
    /// </summary>
    [Cmdlet(VerbsData.Initialize, "SsoProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SsoProfile))]
    public sealed class InitializeSsoProfileCommand : ConfigChangeCmdlet
    {
        [Parameter] [ArgumentCompleter(typeof(SessionNameCompleter))] public string? SessionName { get; set; }
        [Parameter] public string? StartUrl { get; set; }
        /// <summary>The Region of IAM Identity Center (sso_region).</summary>
        [ArgumentCompleter(typeof(RegionCompleter))]
        [Parameter] public string? SsoRegion { get; set; }
        [Parameter] public string[]? RegistrationScopes { get; set; }
        [ArgumentCompleter(typeof(AccountIdCompleter))]
        [Parameter] public string? AccountId { get; set; }
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        [Parameter] public string? RoleName { get; set; }
        /// <summary>The profile's default region (region), where its credentials are used.</summary>
        [ArgumentCompleter(typeof(RegionCompleter))]
        [Parameter] public string? Region { get; set; }
        [Parameter] [ValidateSet("json", "yaml", "yaml-stream", "text", "table")] public string? Output { get; set; }
        [Parameter] public string? ProfileName { get; set; }
        [Parameter] public SwitchParameter UseDeviceCode { get; set; }
        /// <summary>The browser flow even where no browser can answer here (as Invoke-SsoLogin -UseBrowser).</summary>
        [Parameter] public SwitchParameter UseBrowser { get; set; }
        /// <summary>The loopback port of the browser's redirect (as Invoke-SsoLogin -CallbackPort).</summary>
        [Parameter]
        [ValidateRange(1024, 65535)]
        public int? CallbackPort { get; set; }
        [Parameter] public SwitchParameter NoBrowser { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                Wizard();
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                ThrowFailure(ex);
            }
            base.EndProcessing();
        }

        void Wizard()
        {
            var resolver = ReadConfig();
            var sessions = resolver.Config.GetSessions();

            // 1. The session: one named, one of those in the file, or a new one.
            string sessionName;
            SignIn target;
            bool newSession;
            if (SessionName == null && sessions.Count > 0)
            {
                var labels = sessions.Select(s => $"{s.SessionName} ({s.StartUrl})").Concat(new[] { "A new sso-session" }).ToList();
                int pick = Choose("SSO session", "Which sso-session should the profile use?", labels, 0);
                sessionName = pick < sessions.Count ? sessions[pick].SessionName : Ask("Name of the new sso-session", null, SsoValidation.SessionName);
            }
            else
            {
                sessionName = SessionName ?? Ask("SSO session name", null, SsoValidation.SessionName);
            }
            var existing = sessions.FirstOrDefault(s => s.SessionName == sessionName);
            if (existing != null)
            {
                newSession = false;
                target = resolver.ForSession(sessionName);
            }
            else
            {
                newSession = true;
                SsoValidation.SessionName(sessionName);
                string url = StartUrl ?? Ask("SSO start URL (the AWS access portal URL)", null, SsoValidation.StartUrl);
                SsoValidation.StartUrl(url);
                string ssoRegion = SsoRegion ?? Ask("SSO region", "us-east-1", r => SsoValidation.Region(r, "sso_region"));
                SsoValidation.Region(ssoRegion, "sso_region");
                var scopes = RegistrationScopes ?? Ask("SSO registration scopes", SsoConfig.DefaultScope, _ => { }).Split(',').Select(x => x.Trim()).Where(x => x.Length > 0).ToArray();
                RegistrationScopes = scopes;
                StartUrl = url;
                SsoRegion = ssoRegion;
                target = new SignIn(sessionName, url, ssoRegion, scopes, null);
            }

            // 2. Sign in (a valid or refreshable token is reused, as Invoke-SsoLogin does); -WhatIf only reads the cache.
            string? accessToken;
            if (WhatIfRequested)
            {
                accessToken = CachedAccessToken(target);
                if (accessToken == null)
                    Host.UI.WriteLine($"Did not sign in to '{target.DisplayName}' because of -WhatIf (no cached token is still good)" +
                        (AccountId == null || RoleName == null ? ": the accounts and roles are not listed; give the account ID and the role name." : "."));
            }
            else
            {
                var options = new LoginOptions { Flow = LoginFlows.From(UseDeviceCode, UseBrowser, CallbackPort), CallbackPort = CallbackPort, NoBrowser = NoBrowser };
                accessToken = Run((f, ct) => new LoginService(Context).LoginAsync(target, options, f, ct)).AccessToken;
            }

            // 3. The account and the role: given, the only one, or chosen (listed with that token: never refreshed, nothing recorded).
            var listing = accessToken == null ? null : OrganizationListing.WithAccessToken(Context, accessToken);
            string accountId;
            string? accountName = null;
            if (AccountId != null)
            {
                SsoValidation.AccountId(AccountId);
                accountId = AccountId;
            }
            else if (listing == null)
            {
                accountId = Ask("AWS account ID (12 digits)", null, SsoValidation.AccountId);
            }
            else
            {
                var accounts = Run((f, ct) => listing.AccountsAsync(target, f, ct)).OrderBy(a => a.AccountName, StringComparer.OrdinalIgnoreCase).ToList();
                if (accounts.Count == 0)
                    throw new SsoException(ErrorIds.AccountNotFound, SsoErrorKind.ObjectNotFound, $"No AWS account is assigned to you in '{sessionName}'.", sessionName);
                int pick = accounts.Count == 1 ? 0 : Choose("AWS account", $"There are {accounts.Count} AWS accounts available to you.", accounts.Select(a => $"{a.AccountName} ({a.AccountId})").ToList(), 0);
                if (accounts.Count == 1) Host.UI.WriteLine($"The only AWS account available to you is {accounts[0].AccountName} ({accounts[0].AccountId}); using it.");
                accountId = accounts[pick].AccountId;
                accountName = accounts[pick].AccountName;
            }
            string roleName;
            if (RoleName != null) roleName = RoleName;
            else if (listing == null) roleName = Ask("Role name", null, _ => { });
            else
            {
                var roles = Run((f, ct) => listing.RolesAsync(target, accountId, accountName, f, ct)).OrderBy(r => r.RoleName, StringComparer.OrdinalIgnoreCase).ToList();
                if (roles.Count == 0)
                    throw new SsoException(ErrorIds.RoleNotAssigned, SsoErrorKind.ObjectNotFound, $"No role is assigned to you in account {accountId}.", accountId);
                int pick = roles.Count == 1 ? 0 : Choose("Role", $"There are {roles.Count} roles available to you in {accountId}.", roles.Select(r => r.RoleName).ToList(), 0);
                if (roles.Count == 1) Host.UI.WriteLine($"The only role available to you is {roles[0].RoleName}; using it.");
                roleName = roles[pick].RoleName;
            }

            // 4. The profile's own settings.
            string? region = Region ?? Optional(Ask("Default client Region (Enter for none)", "", r => { if (r.Length > 0) SsoValidation.Region(r); }));
            string? output = Output ?? Optional(Ask("CLI default output format: json, yaml, yaml-stream, text or table (Enter for none)", "", o =>
            {
                if (o.Length > 0 && !new[] { "json", "yaml", "yaml-stream", "text", "table" }.Contains(o))
                    throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument, $"'{o}' is not an output format: json, yaml, yaml-stream, text or table.", o);
            }));
            string profileName = ProfileName ?? Ask("Profile name", roleName + "-" + accountId, SsoValidation.ProfileName);

            // 5. One write: the session (when new) and the profile, applied with all their checks before
            // ShouldProcess (-WhatIf fails as the real run would), undone together when declined.
            var mark = Mark();
            if (newSession)
            {
                string url = StartUrl!, sessionRegion = SsoRegion!;
                var scopes = RegistrationScopes;
                Apply(e => e.SetSession(sessionName, url, sessionRegion, scopes, force: false));
            }
            var written = Apply(e => e.SetProfile(profileName, sessionName, accountId, roleName, region, output));
            if (!ShouldProcess($"[{ConfigNames.ProfileSection(profileName)}] in {ConfigTarget}", newSession ? "Create sso-session and profile" : "Create profile"))
            {
                Undo(mark);
                return;
            }
            Emit(written);
        }

        /// <summary>The cached token's access token while it has not expired (LoggedIn), else null; read only (a refresh would write the cache).</summary>
        string? CachedAccessToken(SignIn target)
        {
            LoginStatus status;
            try { status = LoginStatus.Read(Context, target); }
            catch (SsoException ex)
            {
                WriteVerbose($"The cached token of '{target.DisplayName}' cannot be read: {ex.Message}");
                return null;
            }
            return status.State == SsoLoginState.LoggedIn ? status.Token!.AccessToken : null;
        }

        static string? Optional(string s) => s.Length == 0 ? null : s;

        /// <summary>A choice through the host; a host that cannot ask gives an error that names the parameter to use instead.</summary>
        int Choose(string caption, string message, IReadOnlyList<string> labels, int defaultChoice)
        {
            if (labels.Count > 9)
            {
                // Past nine, choices have no hotkeys and a console host wants the whole label typed: a numbered list instead.
                try
                {
                    Host.UI.WriteLine(message);
                    for (int i = 0; i < labels.Count; i++) Host.UI.WriteLine($"{i + 1,4}  {labels[i]}");
                }
                catch (Exception ex) when (ex is PSInvalidOperationException || ex is HostException || ex is NotImplementedException)
                {
                    throw NeedsInput(caption, ex);
                }
                string picked = Ask($"{caption} (1-{labels.Count})", (defaultChoice + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), v =>
                {
                    if (!int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1 || n > labels.Count)
                        throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument, $"Type a number from 1 to {labels.Count}.", v);
                });
                return int.Parse(picked, System.Globalization.CultureInfo.InvariantCulture) - 1;
            }
            var choices = new Collection<ChoiceDescription>();
            for (int i = 0; i < labels.Count; i++)
                choices.Add(new ChoiceDescription((i < 9 ? "&" + (i + 1) + " " : (i + 1) + " ") + labels[i], labels[i]));
            try { return Host.UI.PromptForChoice(caption, message, choices, defaultChoice); }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is HostException || ex is NotImplementedException)
            {
                throw NeedsInput(caption, ex);
            }
        }

        /// <summary>A line of text through the host (the default when empty), asked again until the check passes (three tries).</summary>
        string Ask(string prompt, string? defaultValue, Action<string> check)
        {
            for (int attempt = 1; ; attempt++)
            {
                string? line;
                try
                {
                    Host.UI.Write(prompt + (string.IsNullOrEmpty(defaultValue) ? "" : " [" + defaultValue + "]") + ": ");
                    line = Host.UI.ReadLine();
                }
                catch (Exception ex) when (ex is PSInvalidOperationException || ex is HostException || ex is NotImplementedException)
                {
                    throw NeedsInput(prompt, ex);
                }
                if (line == null) throw NeedsInput(prompt, null);
                string value = line.Trim().Length == 0 ? defaultValue ?? "" : line.Trim();
                try
                {
                    check(value);
                    if (value.Length == 0 && defaultValue == null) throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument, prompt + ": a value is needed.", prompt);
                    return value;
                }
                catch (SsoException ex) when (attempt < 3)
                {
                    Host.UI.WriteLine(ex.Message);
                }
                catch (SsoException ex)
                {
                    throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                        $"{prompt}: three answers were refused ({ex.Message}) Run Initialize-SsoProfile again, or give the value as a parameter.", prompt, ex);
                }
            }
        }

        static SsoException NeedsInput(string what, Exception? inner) =>
            new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                $"Initialize-SsoProfile needs an answer ({what}) but this host cannot ask. Give it as a parameter (-SessionName, -StartUrl, -SsoRegion, -AccountId, -RoleName, -Region, -Output, -ProfileName).", what, inner);
    }
}
