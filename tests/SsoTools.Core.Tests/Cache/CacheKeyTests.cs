using SsoTools.Core.Cache;
using Xunit;

namespace SsoTools.Core.Tests.Cache
{
    /// <summary>The test vectors of compat.md sections 3 and 6: the file names other tools look for.</summary>
    public class CacheKeyTests
    {
        [Fact]
        public void TokenKeyOfASessionIsSha1OfItsName() =>
            Assert.Equal("0ad374308c5a4e22f723adf10145eafad7c4031c", CacheKeys.Token("my-sso", "https://ignored"));

        [Fact]
        public void TokenKeyOfALegacyProfileIsSha1OfTheStartUrlAsConfigured()
        {
            Assert.Equal("2b829a45f04c9828cb45b7d092d8e4aa30818393", CacheKeys.Token(null, "https://d-123.awsapps.com/start"));
            Assert.NotEqual(CacheKeys.Token(null, "https://d-123.awsapps.com/start"), CacheKeys.Token(null, "https://d-123.awsapps.com/start/"));
        }

        [Fact]
        public void RegistrationKeyMatchesBotocore() =>
            Assert.Equal("41703fba9789c2c8f9b7faa73b70bebb72c62cc9",
                CacheKeys.Registration("https://d-123.awsapps.com/start", "us-east-1", new[] { "sso:account:access" }, "my-sso"));

        [Fact]
        public void RoleCredentialKeyMatchesTheCli() =>
            Assert.Equal("0521d1f6a6c4e68f9e18540309367cc3cccb6305",
                CacheKeys.RoleCredential("111122223333", "ReadOnly", "my-sso", "https://ignored"));

        [Theory]
        [InlineData("https://d-123.awsapps.com/start", "us-east-1", null, null)]
        [InlineData("https://d-123.awsapps.com/start", "eu-west-1", "sso:account:access,codewhisperer:completions", "s\u00e9ssion")]
        [InlineData("https://x/\"q\"", "us-east-1", "", "a b")]
        public void RegistrationKeyMatchesPythonForOddInput(string url, string region, string? scopes, string? session)
        {
            string[]? list = scopes == null ? null : (scopes.Length == 0 ? new string[0] : scopes.Split(','));
            string py = PythonOracle.Run(
                "import hashlib, json, sys\n" +
                "a = json.loads(sys.argv[1])\n" +
                "print(hashlib.sha1(json.dumps({'tool': 'botocore', 'startUrl': a['u'], 'region': a['r'], 'scopes': a['s'], 'session_name': a['n']}, sort_keys=True).encode('utf-8')).hexdigest())",
                System.Text.Json.JsonSerializer.Serialize(new { u = url, r = region, s = list, n = session }));
            Assert.Equal(py.Trim(), CacheKeys.Registration(url, region, list, session));
        }

        [Theory]
        [InlineData("111122223333", "ReadOnly", "my-sso", null)]
        [InlineData("111122223333", "Admin", null, "https://d-123.awsapps.com/start")]
        public void RoleCredentialKeyMatchesBotocore(string account, string role, string? session, string? url)
        {
            string py = PythonOracle.Run(
                "import json, sys, hashlib\n" +
                "a = json.loads(sys.argv[1])\n" +
                "args = {'roleName': a['role'], 'accountId': a['account']}\n" +
                "if a['session']: args['sessionName'] = a['session']\n" +
                "else: args['startUrl'] = a['url']\n" +
                "print(hashlib.sha1(json.dumps(args, sort_keys=True, separators=(',', ':')).encode('utf-8')).hexdigest())",
                System.Text.Json.JsonSerializer.Serialize(new { account, role, session, url }));
            Assert.Equal(py.Trim(), CacheKeys.RoleCredential(account, role, session, url ?? ""));
        }

        [Fact]
        public void AssumeRoleKeyMatchesTheCli() =>
            Assert.Equal("343280d6d00028df18b95ecc75baddab3a5dafdb",
                CacheKeys.AssumeRole("arn:aws:iam::100000000002:role/Deploy", "ref", null, null, null));

        /// <summary>botocore's own AssumeRoleCredentialFetcher computes the key the AWS CLI uses.</summary>
        [Theory]
        [InlineData("arn:aws:iam::100000000002:role/Deploy", null, null, null)]
        [InlineData("arn:aws:iam::100000000002:role/path/Deploy", "ref", "ext-\u00e9\"x", 900)]
        [InlineData("arn:aws-cn:iam::100000000002:role/D", null, "e", 3600)]
        public void AssumeRoleKeyMatchesBotocore(string arn, string? sessionName, string? externalId, int? duration)
        {
            externalId = externalId == null ? null : System.Text.RegularExpressions.Regex.Unescape(externalId);
            string py = PythonOracle.Run(
                "import json, sys\n" +
                "from botocore.credentials import AssumeRoleCredentialFetcher\n" +
                "a = json.loads(sys.argv[1])\n" +
                "extra = {}\n" +
                "if a['n'] is not None: extra['RoleSessionName'] = a['n']\n" +
                "if a['e'] is not None: extra['ExternalId'] = a['e']\n" +
                "if a['d'] is not None: extra['DurationSeconds'] = a['d']\n" +
                "print(AssumeRoleCredentialFetcher(None, None, a['arn'], extra_args=extra)._create_cache_key())",
                System.Text.Json.JsonSerializer.Serialize(new { arn, n = sessionName, e = externalId, d = duration }));
            Assert.Equal(py.Trim(), CacheKeys.AssumeRole(arn, sessionName, externalId, null, duration));
        }

        /// <summary>The managed SHA-1 against .NET's (OpenSSL's) on every length around the block boundaries, and odd text.</summary>
        [Fact]
        public void ManagedSha1MatchesTheSystemOne()
        {
            var random = new System.Random(7);
            for (int length = 0; length < 300; length++)
            {
                var data = new byte[length];
                random.NextBytes(data);
                Assert.Equal(System.Security.Cryptography.SHA1.HashData(data), Sha1.Hash(data));
            }
            Assert.Equal("a9993e364706816aba3e25717850c26c9cd0d89d", CacheKeys.Sha1Hex("abc"));
            Assert.Equal("da39a3ee5e6b4b0d3255bfef95601890afd80709", CacheKeys.Sha1Hex(""));
        }
    }
}
