using System;
using System.Linq;
using System.Management.Automation;
using SsoTools.Core.Portal;
using SsoTools.Model;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.Get, "SsoSession")]
    [OutputType(typeof(SsoSession))]
    public sealed class GetSsoSessionCommand : SsoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Ask IAM Identity Center whether it still accepts each cached token (one cheap call per signed-in session).</summary>
        [Parameter] public SwitchParameter Verify { get; set; }

        protected override void ProcessRecord()
        {
            var resolver = ReadConfig();
            var patterns = Wildcards.ForNames(Name);
            foreach (var problem in resolver.Config.GetSessionProblems()) WriteWarning(problem.Message);
            var sessions = resolver.Config.GetSessions();
            var found = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            foreach (var session in sessions)
            {
                if (!Wildcards.Any(patterns, session.SessionName)) continue;
                found.Add(session.SessionName);
                try
                {
                    var target = resolver.ForSession(session.SessionName);
                    var status = LoginStatus.Read(Context, target);
                    if (Verify) status = Run((feedback, ct) => status.VerifyAsync(Context, target, feedback, ct));
                    status.Describe(session);
                }
                catch (Exception ex) when (IsCoreFailure(ex))
                {
                    WriteWarning($"The token cache of '{session.SessionName}' cannot be read: {ex.Message}");
                }
                WriteObject(session);
            }
            // Each plain name that matched nothing is an error of its own; wildcards may match nothing.
            foreach (string n in Wildcards.Unmatched(Name, found))
                WriteFailure(Wildcards.NotFound(Core.Errors.ConfigErrors.SessionNotFound(n, resolver.ConfigPath), n, sessions.Select(s => s.SessionName)));
        }
    }
}
