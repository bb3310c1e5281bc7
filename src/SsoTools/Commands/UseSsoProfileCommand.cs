using System;
using System.Collections.Generic;
using System.Management.Automation;
using SsoTools.Core.Formats;

namespace SsoTools.Commands
{
    /// <summary>
    /// Makes a profile current: AWS_PROFILE, and with -Credentials the key variables too. With
    /// -ScriptBlock only while the block runs; the previous values come back even if it throws.
    /// </summary>
    [Cmdlet(VerbsOther.Use, "SsoProfile")]
    [OutputType(typeof(object))]
    public sealed class UseSsoProfileCommand : RoleCredentialCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public override string? ProfileName { get; set; }

        /// <summary>Also set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_REGION.</summary>
        [Parameter] public SwitchParameter Credentials { get; set; }

        [Parameter] public ScriptBlock? ScriptBlock { get; set; }

        protected override void ProcessRecord()
        {
            string profile = string.IsNullOrEmpty(ProfileName) ? Core.Resolution.TargetResolver.CurrentProfile() : ProfileName!;
            // Keys left in the environment would win over AWS_PROFILE in every SDK: they go, or are replaced.
            var values = AwsEnvironment.For(profile, null);
            try
            {
                if (Credentials)
                {
                    values = AwsEnvironment.For(profile, FetchCredential());
                }
                else
                {
                    // Fail now, not in the next AWS command, when the profile is neither an SSO profile
                    // nor a chain that starts at one.
                    var resolver = ReadConfig();
                    try { resolver.ForProfile(profile); }
                    catch (Core.Errors.SsoException ex) when (ex.ErrorId == Core.Errors.ErrorIds.SsoProfileNotFound)
                    {
                        resolver.ResolveCredentials(null, profile, null, null); // a chain, or the clearer error
                    }
                }
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                WriteFailure(ex);
                return;
            }

            if (ScriptBlock == null)
            {
                foreach (var kv in values) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
                WriteVerbose($"AWS_PROFILE is now '{profile}'" + (Credentials ? ", with its credentials in the environment." : "."));
                return;
            }

            var saved = new Dictionary<string, string?>();
            foreach (string name in values.Keys) saved[name] = Environment.GetEnvironmentVariable(name);
            try
            {
                foreach (var kv in values) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
                // A steppable pipeline bound to this cmdlet: the block's output and errors stream
                // through this command as they come (as in a proxy function), not collected at the end.
                var pipeline = ScriptBlock.Create("param($__block) & $__block").GetSteppablePipeline(CommandOrigin.Internal, new object[] { ScriptBlock });
                pipeline.Begin(this);
                pipeline.End();
            }
            finally
            {
                foreach (var kv in saved) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
            }
        }
    }
}
