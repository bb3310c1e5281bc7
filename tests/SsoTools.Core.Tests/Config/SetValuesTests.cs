using System.Collections.Generic;
using SsoTools.Core.Config;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>SetValues (one edit for a new section) writes exactly what SetValue key by key writes.</summary>
    public class SetValuesTests
    {
        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void ANewSectionInOneEditEqualsKeyByKey(string name)
        {
            var keys = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("sso_session", "s"),
                new KeyValuePair<string, string>("sso_account_id", "111111111111"),
                new KeyValuePair<string, string>("sso_role_name", "ReadOnly"),
                new KeyValuePair<string, string>("region", "eu-west-1"),
            };
            var one = ConfigDocument.FromBytes(Corpus.Bytes(name));
            one.SetValues("profile ssotools-new", keys);
            var each = ConfigDocument.FromBytes(Corpus.Bytes(name));
            foreach (var pair in keys) each.SetValue("profile ssotools-new", pair.Key, pair.Value);
            Assert.Equal(each.ToBytes(), one.ToBytes());
            Assert.Equal(new[] { "profile ssotools-new" }, one.ProfileSectionsOf("ssotools-new"));
        }
    }
}
