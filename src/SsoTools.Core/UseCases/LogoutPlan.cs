using System.Collections.Generic;
using SsoTools.Core.Resolution;

namespace SsoTools.Core.UseCases
{
    /// <summary>
    /// What signing out of one session or profile drops, decided from the config before anything is
    /// touched (the cmdlet asks ShouldProcess in between): the sign-in, its token file and the roles of
    /// its profiles. A session whose config cannot be trusted is LocalOnly: its token file goes, and
    /// nothing is sent to where that config points.
    /// </summary>
    public sealed class LogoutPlan
    {
        internal LogoutPlan(string name, string tokenPath, SignIn? signIn, IReadOnlyList<KeyValuePair<string, string>> roles, string? problem)
        {
            Name = name;
            TokenPath = tokenPath;
            SignIn = signIn;
            Roles = roles;
            Problem = problem;
        }

        /// <summary>How the user names the sign-in (the session, else the legacy profile); LogoutResult.Name.</summary>
        public string Name { get; }
        public string TokenPath { get; }
        /// <summary>Whose server session Logout ends; null for LocalOnly.</summary>
        public SignIn? SignIn { get; }
        /// <summary>The (account, role) pairs whose cached credentials belong to this sign-in (from its profiles).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Roles { get; }
        public bool LocalOnly => SignIn == null;
        /// <summary>Why the session's config is unusable (the config's own error); null unless LocalOnly.</summary>
        public string? Problem { get; }
    }
}
