using System;
using System.Collections.Generic;
using System.Management.Automation;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Model;

namespace SsoTools.Commands
{
    /// <summary>The cached token of each session (refreshed when due), or of one session or profile.</summary>
    [Cmdlet(VerbsCommon.Get, "SsoToken")]
    [OutputType(typeof(SsoToken))]
    public sealed class GetSsoTokenCommand : TargetCmdlet
    {
        /// <summary>Refresh now, whatever the expiry.</summary>
        [Parameter] public SwitchParameter ForceRefresh { get; set; }

        protected override void ProcessRecord()
        {
            var targets = new List<SignIn>();
            try
            {
                if (string.IsNullOrEmpty(SessionName) && string.IsNullOrEmpty(ProfileName))
                {
                    // Every session that has a token.
                    var provider = new TokenProvider(Context);
                    foreach (var session in Resolver.Config.GetSessions())
                    {
                        var t = Resolver.ForSession(session.SessionName);
                        if (System.IO.File.Exists(provider.PathFor(t))) targets.Add(t);
                    }
                }
                else
                {
                    targets.Add(ResolveTarget());
                }
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                WriteFailure(ex);
                return;
            }

            bool force = ForceRefresh;
            foreach (var target in targets)
            {
                try
                {
                    var provider = new TokenProvider(Context);
                    var token = Run((feedback, ct) => provider.GetTokenAsync(target, feedback, ct, force));
                    WriteObject(LoginService.ToSsoToken(target, token, provider.PathFor(target), Context.Clock.UtcNow));
                }
                catch (Exception ex) when (IsCoreFailure(ex))
                {
                    WriteFailure(ex);
                }
            }
        }
    }
}
