using System;
using System.IO;
using System.Text;
using SsoTools.Core.Cache;
using Xunit;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Tests.Cache
{
    public class TokenFileTests : IDisposable
    {
        readonly string _dir = Path.Combine(Path.GetTempPath(), "ssotools-cache-" + Guid.NewGuid().ToString("N"));

        public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static CachedToken Sample(string? refresh = "rt-1") => new CachedToken
        {
            StartUrl = "https://d-123.awsapps.com/start",
            Region = "us-east-1",
            AccessToken = "at-\u00e9/\"x\"",
            ExpiresAt = new DateTime(2026, 11, 26, 2, 16, 39, DateTimeKind.Utc),
            ClientId = "cid",
            ClientSecret = "secret",
            RegistrationExpiresAt = new DateTime(2027, 2, 24, 2, 16, 39, DateTimeKind.Utc),
            RefreshToken = refresh,
        };

        [Fact]
        public void WritesTheSameBytesAsBotocore()
        {
            var token = Sample();
            string python = PythonOracle.Run(
                "import json, sys\n" +
                "d = json.loads(sys.argv[1])\n" +
                "sys.stdout.write(json.dumps({'startUrl': d['startUrl'], 'region': d['region'], 'accessToken': d['accessToken'], 'expiresAt': d['expiresAt'], 'clientId': d['clientId'], 'clientSecret': d['clientSecret'], 'registrationExpiresAt': d['registrationExpiresAt'], 'refreshToken': d['refreshToken']}))",
                token.ToJson());
            Assert.Equal(python, token.ToJson());
            Assert.StartsWith("{\"startUrl\": \"https://d-123.awsapps.com/start\", \"region\": \"us-east-1\", \"accessToken\": \"at-\\u00e9/\\\"x\\\"\", \"expiresAt\": \"2026-11-26T02:16:39Z\"", token.ToJson());
        }

        [Fact]
        public void LeavesOutRefreshTokenWhenTheServiceGaveNone() =>
            Assert.DoesNotContain("refreshToken", Sample(refresh: null).ToJson());

        [Fact]
        public void SavedFileIsOneLineNoNewlineAndPrivate()
        {
            var cache = new TokenCache(_dir);
            string path = cache.PathFor("my-sso", "https://d-123.awsapps.com/start");
            cache.Save(path, Sample());
            Assert.EndsWith("0ad374308c5a4e22f723adf10145eafad7c4031c.json", path);
            string text = File.ReadAllText(path);
            Assert.Equal(Sample().ToJson(), text);
            Assert.DoesNotContain("\n", text);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
            }
        }

        [Fact]
        public void ReadsIndentedJsonWithMillisecondsAndExtraKeys()
        {
            Directory.CreateDirectory(_dir);
            string path = Path.Combine(_dir, "t.json");
            File.WriteAllText(path, "{\n  \"startUrl\": \"https://d-123.awsapps.com/start\",\n  \"region\": \"us-east-1\",\n  \"accessToken\": \"abc\",\n" +
                "  \"expiresAt\": \"2026-11-26T02:16:39.123Z\",\n  \"registrationExpiresAt\": \"2027-01-01T00:00:00UTC\",\n  \"somethingElse\": {\"a\": 1},\n" +
                "  \"clientId\": \"c\", \"clientSecret\": \"s\", \"refreshToken\": \"r\"\n}\n");
            var token = new TokenCache(_dir).Load(path)!;
            Assert.Equal("abc", token.AccessToken);
            Assert.Equal(new DateTime(2026, 11, 26, 2, 16, 39, 123, DateTimeKind.Utc), token.ExpiresAt);
            Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), token.RegistrationExpiresAt);
            Assert.True(token.HasRefreshMaterial);
        }

        [Theory]
        [InlineData("{\"startUrl\": \"x\", \"expiresAt\": \"2026-11-26T02:16:39Z\"}")]
        [InlineData("{\"accessToken\": \"x\"}")]
        [InlineData("{\"accessToken\": \"x\", \"expiresAt\": \"not a date\"}")]
        public void AFileWithoutAccessTokenOrExpiryIsNoToken(string json)
        {
            Directory.CreateDirectory(_dir);
            string path = Path.Combine(_dir, "t.json");
            File.WriteAllText(path, json);
            Assert.Null(new TokenCache(_dir).Load(path));
        }

        [Theory]
        [InlineData("{not json")]
        [InlineData("[1, 2]")]
        [InlineData("")]
        public void AFileThatIsNotAJsonObjectIsAClearError(string content)
        {
            Directory.CreateDirectory(_dir);
            string path = Path.Combine(_dir, "t.json");
            File.WriteAllText(path, content);
            var ex = Assert.Throws<CacheFileException>(() => new TokenCache(_dir).Load(path));
            Assert.Contains(path, ex.Message);
        }

        [Fact]
        public void MissingFileIsNull() => Assert.Null(new TokenCache(_dir).Load(Path.Combine(_dir, "none.json")));

        [Fact]
        public void RegistrationRoundTripsAndChecksItsFlow()
        {
            var reg = new ClientRegistration
            {
                ClientId = "c", ClientSecret = "s", ExpiresAt = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                Scopes = new[] { "sso:account:access" }, GrantTypes = new[] { "authorization_code", "refresh_token" },
            };
            Assert.Equal("{\"clientId\": \"c\", \"clientSecret\": \"s\", \"expiresAt\": \"2027-01-01T00:00:00Z\", \"scopes\": [\"sso:account:access\"], \"grantTypes\": [\"authorization_code\", \"refresh_token\"]}", reg.ToJson());
            var cache = new RegistrationCache(_dir);
            string path = Path.Combine(_dir, "r.json");
            cache.Save(path, reg);
            var back = cache.Load(path)!;
            var now = new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc);
            Assert.True(back.FitsFlow(authorizationCode: true, now));
            Assert.False(back.FitsFlow(authorizationCode: false, now));
            Assert.False(back.FitsFlow(authorizationCode: true, new DateTime(2026, 12, 31, 23, 50, 0, DateTimeKind.Utc)));
        }

        [Fact]
        public void PythonJsonEscapesLikeJsonDumps()
        {
            string value = "a\u0001\u007f\u00e9\u2603\U0001F600/\\\"\t";
            string mine = PythonJson.Dumps(new[] { new System.Collections.Generic.KeyValuePair<string, object?>("k", value) });
            string python = PythonOracle.Run("import json, sys\nsys.stdout.write(json.dumps({'k': json.loads(sys.argv[1])}))", System.Text.Json.JsonSerializer.Serialize(value));
            Assert.Equal(python, mine);
        }
    }
}
