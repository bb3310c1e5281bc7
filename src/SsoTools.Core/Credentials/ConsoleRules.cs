using System;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.Resolution;
using SsoTools.Model;

namespace SsoTools.Core.Credentials
{
    /// <summary>
    /// What Open-SsoConsole and Get-SsoConsoleUrl decide before the federation endpoint is asked
    /// (compat.md section 10): how long the console session may last, what a chained role session
    /// cannot have, and which Region and partition the console opens in. Pure: the caller passes in
    /// what the environment says.
    /// </summary>
    public static class ConsoleRules
    {
        public static readonly TimeSpan ShortestSession = TimeSpan.FromMinutes(15);
        public static readonly TimeSpan LongestSession = TimeSpan.FromHours(12);

        /// <summary>A Region asked for must be a Region name; none (null or empty) is fine.</summary>
        public static void CheckRegion(string? region)
        {
            if (!string.IsNullOrEmpty(region)) SsoValidation.Region(region!);
        }

        /// <summary>The SessionDuration to ask for, in seconds (null when none is asked): 15 minutes to 12 hours, in whole seconds.</summary>
        public static int? SessionSeconds(TimeSpan? requested)
        {
            if (requested == null) return null;
            TimeSpan d = requested.Value;
            if (d < ShortestSession || d > LongestSession || d.Ticks % TimeSpan.TicksPerSecond != 0)
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    $"-SessionDuration {d} is not possible: the console session lasts from 15 minutes to 12 hours, in whole seconds.", d);
            return (int)d.TotalSeconds;
        }

        /// <summary>
        /// The SessionDuration to send: none for a chained role session, whose console session lasts as
        /// long as its credentials (the federation endpoint refuses SessionDuration for one); the warning
        /// says so when one was asked for.
        /// </summary>
        public static int? SentSessionSeconds(CredentialPlan plan, int? seconds, out string? warning)
        {
            warning = null;
            if (seconds == null || !plan.IsChained) return seconds;
            warning = $"The profile '{plan.ProfileName}' is a chained role session: the console session lasts as long as its credentials (one hour at most), and -SessionDuration is not sent.";
            return null;
        }

        /// <summary>The console's Region: the one asked for, else the credentials' (the profile's region), else AWS_REGION or AWS_DEFAULT_REGION, else the sso-session's.</summary>
        public static string Region(string? requested, string? credentialRegion, string? environmentRegion, string ssoRegion) =>
            !string.IsNullOrEmpty(requested) ? requested! : credentialRegion ?? environmentRegion ?? ssoRegion;

        /// <summary>The partition of the role: its ARN's (a chained role), else the sso-session Region's. A console Region of another partition is refused.</summary>
        public static ConsolePartition Partition(SsoRoleCredential credential, string region, string ssoRegion)
        {
            var partition = ConsolePartition.OfArn(credential.RoleArn) ?? ConsolePartition.OfRegion(ssoRegion);
            if (ConsolePartition.OfRegion(region) != partition)
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    $"The Region '{region}' is not in the {partition.Name} partition of {credential.RoleName} in {credential.AccountId}; give a -Region of that partition.", region);
            return partition;
        }
    }
}
