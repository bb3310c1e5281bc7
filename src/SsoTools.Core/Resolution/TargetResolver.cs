using System;
using System.Collections.Generic;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Model;

namespace SsoTools.Core.Resolution
{
    /// <summary>Turns a session or profile name from the config file into what to sign in to.</summary>
    public sealed class TargetResolver
    {
        readonly ConfigDocument _doc;
        readonly SsoConfig _config;

        public TargetResolver(ConfigDocument doc) : this(new SsoConfig(doc)) { }

        public TargetResolver(SsoConfig config)
        {
            _config = config;
            _doc = config.Document;
        }

        public SsoConfig Config => _config;

        /// <summary>The parsed file. Shared between commands (ConfigStore.Read): read it, never edit it.</summary>
        public ConfigDocument Document => _doc;
        public string ConfigPath => _doc.Path ?? AwsPaths.ConfigFile;

        /// <summary>AWS_PROFILE, else AWS_DEFAULT_PROFILE, else default: as the AWS CLI picks.</summary>
        public static string CurrentProfile()
        {
            string? p = Environment.GetEnvironmentVariable("AWS_PROFILE");
            if (string.IsNullOrEmpty(p)) p = Environment.GetEnvironmentVariable("AWS_DEFAULT_PROFILE");
            return string.IsNullOrEmpty(p) ? "default" : p!;
        }

        /// <summary>The sign-in a command means: the session if named (it wins), else the profile, else the current profile.</summary>
        public SignIn Resolve(string? sessionName, string? profileName)
        {
            if (!string.IsNullOrEmpty(sessionName)) return ForSession(sessionName!);
            return ForProfile(string.IsNullOrEmpty(profileName) ? CurrentProfile() : profileName!);
        }

        /// <summary>
        /// The role a credential command means. An explicit account and role go with a session (which
        /// signs in) or a profile (which lends its sign-in and region); otherwise the profile named, or
        /// the current one, must name a role.
        /// </summary>
        public RoleTarget ResolveRole(string? sessionName, string? profileName, string? accountId, string? roleName)
        {
            bool roleGiven = !string.IsNullOrEmpty(accountId) && !string.IsNullOrEmpty(roleName);
            if (roleGiven && (!string.IsNullOrEmpty(sessionName) || !string.IsNullOrEmpty(profileName)))
            {
                SsoValidation.AccountId(accountId!);
                SsoProfile? profile = string.IsNullOrEmpty(profileName) ? null : _config.FindProfile(profileName!);
                SignIn target;
                if (!string.IsNullOrEmpty(sessionName))
                {
                    var session = ForSession(sessionName!);
                    target = new SignIn(session.SessionName, session.StartUrl, session.Region, session.ConfiguredScopes, profileName) { CallbackPort = session.CallbackPort };
                }
                else
                {
                    target = ForProfile(profile ?? Profile(profileName!));
                }
                return new RoleTarget(target, accountId!, roleName!, profile?.Region);
            }
            if (!string.IsNullOrEmpty(accountId) || !string.IsNullOrEmpty(roleName))
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    "Give -AccountId and -RoleName together, with -SessionName (or a legacy -ProfileName) to sign in with; or give only -ProfileName.", accountId ?? roleName);
            if (!string.IsNullOrEmpty(sessionName) && string.IsNullOrEmpty(profileName))
                throw new SsoException(ErrorIds.ProfileHasNoRole, SsoErrorKind.InvalidArgument,
                    $"Credentials are for a role: give -AccountId and -RoleName with -SessionName {sessionName}, or a -ProfileName that names them. List your roles with 'Get-SsoRole -SessionName {sessionName}'.", sessionName);
            string name = string.IsNullOrEmpty(profileName) ? CurrentProfile() : profileName!;
            var named = Profile(name);
            var signIn = ForProfile(named);
            if (string.IsNullOrEmpty(named.AccountId) || string.IsNullOrEmpty(named.RoleName))
                throw new SsoException(ErrorIds.ProfileHasNoRole, SsoErrorKind.InvalidOperation,
                    $"The profile '{name}' has no sso_account_id and sso_role_name: it gives bearer tokens, not role credentials. " + Remedy.AddRole(name, named.SessionName), name);
            return new RoleTarget(signIn, named.AccountId!, named.RoleName!, named.Region);
        }

        /// <summary>
        /// How to get the credentials a credential command means: ResolveRole's SSO role, or, for a
        /// profile with role_arn and source_profile, the chain of AssumeRoles down to the SSO profile it
        /// starts from (compat.md section 9). role_arn wins over SSO keys in one profile, as in botocore.
        /// </summary>
        public CredentialPlan ResolveCredentials(string? sessionName, string? profileName, string? accountId, string? roleName)
        {
            if (!string.IsNullOrEmpty(sessionName) || !string.IsNullOrEmpty(accountId) || !string.IsNullOrEmpty(roleName))
                return new CredentialPlan(ResolveRole(sessionName, profileName, accountId, roleName), Array.Empty<AssumeRoleStep>(), profileName);
            string asked = string.IsNullOrEmpty(profileName) ? CurrentProfile() : profileName!;
            var steps = new List<AssumeRoleStep>();
            var seen = new List<string>();
            string name = asked;
            while (true)
            {
                if (seen.Contains(name))
                    throw new SsoException(ErrorIds.SourceProfileLoop, SsoErrorKind.InvalidData,
                        $"The profile '{asked}' cannot get credentials: its source_profile chain loops ({string.Join(" -> ", seen)} -> {name}) in {ConfigPath}. Point the last source_profile at an SSO profile.", asked);
                seen.Add(name);
                string? section = ConfigNames.FindProfileSection(_doc, name);
                if (section == null)
                {
                    if (seen.Count == 1) throw ConfigErrors.ProfileNotFound(name, ConfigPath);
                    throw new SsoException(ErrorIds.SsoProfileNotFound, SsoErrorKind.ObjectNotFound,
                        $"The profile '{seen[seen.Count - 2]}' names source_profile '{name}', which does not exist in {ConfigPath}.", name);
                }
                string? roleArn = Value(section, "role_arn");
                if (roleArn == null)
                {
                    if (seen.Count == 1) return new CredentialPlan(ResolveRole(null, name, null, null), steps, asked);
                    // The chain's start must be an SSO profile with a role.
                    RoleTarget start;
                    try { start = ResolveRole(null, name, null, null); }
                    catch (SsoException ex) when (ex.ErrorId == ErrorIds.SsoProfileNotFound)
                    {
                        throw new SsoException(ErrorIds.ChainSourceUnsupported, SsoErrorKind.InvalidOperation,
                            $"The profile '{asked}' chains from '{name}', which is not an SSO profile; SsoTools gets credentials only for chains that start at an SSO profile with sso_account_id and sso_role_name. Use the AWS CLI or an SDK for this profile.", asked, ex);
                    }
                    steps.Reverse();
                    return new CredentialPlan(start, steps, asked);
                }
                string? source = Value(section, "source_profile");
                if (source == null)
                    throw new SsoException(ErrorIds.ChainSourceUnsupported, SsoErrorKind.InvalidOperation,
                        $"The profile '{name}' has role_arn without source_profile" + (Value(section, "credential_source") != null ? " (credential_source is for EC2, ECS or environment credentials)" : "") +
                        $"; SsoTools assumes roles only from an SSO profile. Add 'source_profile = <an SSO profile>' to [{section}] in {ConfigPath}.", name);
                if (Value(section, "mfa_serial") != null)
                    throw new SsoException(ErrorIds.MfaNotSupported, SsoErrorKind.InvalidOperation,
                        $"The profile '{name}' needs an MFA code (mfa_serial), which SsoTools does not ask for. Use the AWS CLI for this profile, or remove mfa_serial if the role does not require MFA.", name);
                SsoValidation.RoleArn(roleArn, name);
                int? duration = null;
                string? durationText = Value(section, "duration_seconds");
                if (durationText != null)
                {
                    if (!int.TryParse(durationText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int d) || d < 900 || d > 43200)
                        throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidData,
                            $"The profile '{name}' has duration_seconds = {SsoValidation.Printable(durationText)}; it must be a whole number of seconds from 900 to 43200.", name);
                    duration = d;
                }
                string? region = Value(section, "region");
                if (region != null) SsoValidation.Region(region);
                steps.Add(new AssumeRoleStep(name, roleArn, Value(section, "role_session_name"), Value(section, "external_id"), duration, region));
                name = source;
            }
        }

        string? Value(string section, string key)
        {
            string? value = _doc.GetValue(section, key);
            return string.IsNullOrEmpty(value) ? null : value;
        }

        public SignIn ForSession(string sessionName)
        {
            var session = _config.FindSession(sessionName) ?? throw ConfigErrors.SessionNotFound(sessionName, ConfigPath);
            return FromSession(session, null);
        }

        public SignIn ForProfile(string profileName) => ForProfile(Profile(profileName));

        /// <summary>The SSO profile of that name; an SsoProfileNotFound error when there is none.</summary>
        public SsoProfile Profile(string profileName)
        {
            SsoProfile? profile;
            try { profile = _config.FindProfile(profileName); }
            catch (SsoConfigException ex) { throw FromConfig(ex); }
            return profile ?? throw ConfigErrors.ProfileNotFound(profileName, ConfigPath);
        }

        public SignIn ForProfile(SsoProfile profile)
        {
            if (profile.SessionName == null)
                return new SignIn(null, profile.StartUrl, profile.SsoRegion, null, profile.ProfileName);
            var session = _config.FindSession(profile.SessionName) ?? throw ConfigErrors.SessionNotFound(profile.SessionName, ConfigPath);
            return FromSession(session, profile.ProfileName);
        }

        SignIn FromSession(SsoSession session, string? profileName)
        {
            // Whether scopes were configured at all is part of botocore's registration cache key.
            IReadOnlyList<string>? configured = session.RegistrationScopesConfigured ? session.RegistrationScopes : null;
            return new SignIn(session.SessionName, session.StartUrl, session.Region, configured, profileName) { CallbackPort = session.CallbackPort };
        }


        public static SsoException FromConfig(SsoConfigException ex) =>
            new SsoException(ex.ErrorId, ex.ErrorId == ErrorIds.SsoSessionNotFound ? SsoErrorKind.ObjectNotFound : SsoErrorKind.InvalidData,
                ex.Message, ex.Target, ex);
    }

    /// <summary>A role to get credentials for: the sign-in that reaches it, and the profile's region if a profile named it.</summary>
    public sealed class RoleTarget
    {
        public RoleTarget(SignIn signIn, string accountId, string roleName, string? region)
        {
            SignIn = signIn; AccountId = accountId; RoleName = roleName; Region = region;
        }
        public SignIn SignIn { get; }
        public string AccountId { get; }
        public string RoleName { get; }
        public string? Region { get; }
    }
}
