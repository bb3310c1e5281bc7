using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SsoTools.Core.Resolution;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// The native helper reads a large config sliced to one profile's sections (ConfigSlice). That
    /// is only right if every profile resolves from the slice exactly as from the whole file: the
    /// same sign-in, account, role, region and chain, or the same error.
    /// </summary>
    public class ConfigSliceTests
    {
        static string Describe(TargetResolver resolver, string profile)
        {
            try
            {
                var plan = resolver.ResolveCredentials(null, profile, null, null);
                var s = plan.Start;
                return string.Join("|", new[] { s.SignIn.SessionName ?? "-", s.SignIn.StartUrl, s.SignIn.Region, string.Join(",", s.SignIn.ConfiguredScopes ?? Array.Empty<string>()), s.AccountId, s.RoleName, s.Region ?? "-" }
                    .Concat(plan.Steps.Select(t => t.RoleArn + "/" + t.RoleSessionName + "/" + t.ExternalId + "/" + t.DurationSeconds + "/" + t.Region)));
            }
            catch (SsoException ex) { return "error " + ex.ErrorId + ": " + ex.Message; }
        }

        public static IEnumerable<object[]> Files => Corpus.Valid;

        [Theory]
        [MemberData(nameof(Files))]
        public void Every_profile_of_every_corpus_file_resolves_from_its_slice_as_from_the_whole_file(string name)
        {
            byte[] bytes = Corpus.Bytes(name);
            var whole = new TargetResolver(ConfigDocument.FromBytes(bytes, "config"));
            var profiles = whole.Document.SectionNames.Select(sec => ConfigNames.TryGetProfileName(sec, out string p) ? p : null)
                .Where(p => p != null).Select(p => p!).Concat(new[] { "default", "missing-profile" }).Distinct().ToList();
            foreach (string profile in profiles)
            {
                byte[] slice = ConfigSlice.ForProfile(bytes, profile);
                var sliced = new TargetResolver(ConfigDocument.FromBytes(slice, "config"));
                Assert.Equal(Describe(whole, profile), Describe(sliced, profile));
            }
        }

        [Fact]
        public void A_large_file_slices_to_the_profile_its_session_and_its_chain()
        {
            var sb = new StringBuilder("# my config\n[DEFAULT]\nregion = eu-west-1\n[sso-session s]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n");
            for (int i = 0; i < 2000; i++) sb.Append($"[profile p{i}]\nsso_session = other\nsso_account_id = 111122223333\nsso_role_name = R{i}\n");
            sb.Append("[profile base]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = Base\n");
            sb.Append("[sso-session other]\nsso_start_url = https://d-456.awsapps.com/start\nsso_region = eu-west-1\n");
            sb.Append("[profile chained]\nrole_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = base\n");
            byte[] file = Encoding.UTF8.GetBytes(sb.ToString());
            string slice = Encoding.UTF8.GetString(ConfigSlice.ForProfile(file, "chained"));
            Assert.Equal("# my config\n[DEFAULT]\nregion = eu-west-1\n[sso-session s]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n" +
                "[profile base]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = Base\n" +
                "[profile chained]\nrole_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = base\n", slice);
        }

        [Fact]
        public void Anything_odd_is_kept_so_the_parser_decides()
        {
            string text = "[profile a]\nsso_session = s\n  [profile b]\nx = 1\n[profile d]\nk = v\n";
            string slice = Encoding.UTF8.GetString(ConfigSlice.ForProfile(Encoding.UTF8.GetBytes(text), "zzz"));
            Assert.Contains("[profile a]", slice);   // holds an indented "[" line
            Assert.DoesNotContain("[profile d]", slice);
            // A header without "]" is kept, so the slice fails to parse as the whole file does.
            Assert.Throws<ConfigParseException>(() => ConfigSlice.ForProfile(Encoding.UTF8.GetBytes("[profile c\nk = v\n[profile d]\nk = v\n"), "zzz"));
        }
    }
}
