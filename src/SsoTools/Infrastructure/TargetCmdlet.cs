using System;
using System.Management.Automation;
using SsoTools.Core.Resolution;

namespace SsoTools.Commands
{
    /// <summary>A cmdlet that works on one sign-in, named by -SessionName or -ProfileName
    /// (from the pipeline by property name too); neither means the current profile
    /// ($env:AWS_PROFILE, else default). One parameter set: objects from the pipeline carry
    /// one of the two names and a null for the other, which a set per name cannot bind.</summary>
    public abstract class TargetCmdlet : SsoCmdlet
    {
        /// <summary>The sso-session to use. Wins over -ProfileName when both arrive from the pipeline.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string? SessionName { get; set; }

        /// <summary>A profile whose session (or, for a legacy profile, start URL) to use.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        TargetResolver? _resolver;

        /// <summary>The config is read once per command, not once per pipeline object.</summary>
        protected TargetResolver Resolver => _resolver ??= ReadConfig();

        protected SignIn ResolveTarget() => Resolver.Resolve(SessionName, ProfileName);
    }
}
