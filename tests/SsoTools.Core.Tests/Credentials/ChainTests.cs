using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SsoTools.Core.Cache;
using SsoTools.Core.Config;
using SsoTools.Core.Credentials;
using SsoTools.Core.Errors;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tests.Auth;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Model;
using Xunit;

namespace SsoTools.Core.Tests.Credentials
{
    /// <summary>
    /// Role chaining (compat.md section 9): TargetResolver.ResolveCredentials plans the chain and refuses
    /// what SsoTools cannot do before any call; ChainedCredentialService assumes each role at the emulator's
    /// STS (which checks SigV4 with the credentials it issued) and caches it where the AWS CLI would.
    /// </summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class ChainTests : IDisposable
    {
        const string Sessions =
            "[sso-session dev]\n" +
            "sso_start_url = https://d-123.awsapps.com/start\n" +
            "sso_region = us-east-1\n" +
            "sso_registration_scopes = sso:account:access\n\n" +
            "[profile base]\n" +
            "sso_session = dev\n" +
            "sso_account_id = 111111110001\n" +
            "sso_role_name = ReadOnly\n" +
            "region = us-west-2\n\n";

        const string Chains = Sessions +
            "[profile deploy]\n" +
            "role_arn = arn:aws:iam::100000000002:role/Deploy\n" +
            "role_session_name = ref\n" +
            "source_profile = base\n" +
            "region = eu-west-1\n\n" +
            "[profile ops]\n" +
            "role_arn = arn:aws:iam::100000000003:role/team/Ops\n" +
            "role_session_name = ops-session\n" +
            "duration_seconds = 900\n" +
            "source_profile = deploy\n";

        // compat.md section 9's vector, checked against AWS CLI 2.9.19: {"RoleArn": "arn:aws:iam::100000000002:role/Deploy", "RoleSessionName": "ref"}.
        const string DeployCacheKey = "343280d6d00028df18b95ecc75baddab3a5dafdb";

        readonly EmulatorFixture _emu;
        readonly Sandbox _sandbox = new Sandbox();
        readonly RecordingFeedback _feedback = new RecordingFeedback();

        public ChainTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", _emu.Server.BaseUrl);
        }

        public void Dispose()
        {
            var o = _emu.Server.Options;
            o.RequiredExternalId = "";
            o.FailNext = 0;
            o.MalformedNext = 0;
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", null);
            _sandbox.Dispose();
        }

        static TargetResolver Resolver(string config) => new TargetResolver(ConfigDocument.Parse(config, "/test/config"));

        string CliCache => Path.Combine(_sandbox.Dir, "cli", "cache");

        async Task<TargetResolver> SignedIn(string config = Chains)
        {
            var resolver = Resolver(config);
            await new LoginService(_sandbox.Context).LoginAsync(resolver.ForSession("dev"), new LoginOptions(), new RecordingFeedback(), CancellationToken.None);
            _emu.Server.ResetCounters();
            return resolver;
        }

        Task<SsoRoleCredential> Get(TargetResolver resolver, string profile) =>
            new ChainedCredentialService(_sandbox.Context).GetAsync(resolver.ResolveCredentials(null, profile, null, null), false, _feedback, CancellationToken.None);

        /// <summary>Who STS says the credentials belong to: proof they are the assumed role's, not the source's.</summary>
        static async Task<string> CallerArn(SsoRoleCredential c)
        {
            using (var sts = new AmazonSecurityTokenServiceClient(new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken),
                       new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.USEast1 }))
                return (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn;
        }

        [Fact]
        public async Task AProfileWithRoleArnAndSourceProfileGetsTheAssumedRolesCredentials()
        {
            var resolver = await SignedIn();
            var plan = resolver.ResolveCredentials(null, "deploy", null, null);
            Assert.True(plan.IsChained);
            Assert.Equal("111111110001", plan.Start.AccountId);
            Assert.Equal("ReadOnly", plan.Start.RoleName);
            Assert.Equal("arn:aws:iam::100000000002:role/Deploy", Assert.Single(plan.Steps).RoleArn);

            var c = await new ChainedCredentialService(_sandbox.Context).GetAsync(plan, false, _feedback, CancellationToken.None);

            Assert.Equal(1, _emu.Count("GetRoleCredentials"));
            Assert.Equal(1, _emu.Count("AssumeRole"));
            Assert.Equal("arn:aws:sts::100000000002:assumed-role/Deploy/ref", await CallerArn(c));
            Assert.Equal("100000000002", c.AccountId);
            Assert.Equal("Deploy", c.RoleName);
            Assert.Equal("arn:aws:iam::100000000002:role/Deploy", c.RoleArn);
            Assert.Equal("deploy", c.ProfileName);
            Assert.Equal("dev", c.SessionName);
            Assert.Equal("eu-west-1", c.Region); // the chained profile's, not its source's us-west-2
            Assert.InRange(c.Expiration, DateTime.UtcNow.AddMinutes(55), DateTime.UtcNow.AddMinutes(61));
        }

        [Fact]
        public async Task TheAssumedRoleIsCachedUnderTheCliKeyAsTheCliWritesIt()
        {
            var resolver = await SignedIn();
            var c = await Get(resolver, "deploy");

            string path = Path.Combine(CliCache, DeployCacheKey + ".json");
            Assert.True(File.Exists(path), "no " + path + " among " + string.Join(", ", Directory.GetFiles(CliCache).Select(Path.GetFileName)));
            string text = File.ReadAllText(path);
            // json.dumps with the default separators, the whole AssumeRole response in the CLI's order.
            Assert.StartsWith("{\"Credentials\": {\"AccessKeyId\": \"" + c.AccessKeyId + "\", \"SecretAccessKey\": ", text);
            using (var json = JsonDocument.Parse(text))
            {
                var root = json.RootElement;
                Assert.Equal(new[] { "Credentials", "AssumedRoleUser", "ResponseMetadata" }, root.EnumerateObject().Select(p => p.Name));
                var creds = root.GetProperty("Credentials");
                Assert.Equal(new[] { "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration" }, creds.EnumerateObject().Select(p => p.Name));
                Assert.Equal(c.SecretAccessKey, creds.GetProperty("SecretAccessKey").GetString());
                Assert.Equal(c.SessionToken, creds.GetProperty("SessionToken").GetString());
                string expiration = creds.GetProperty("Expiration").GetString()!;
                Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", expiration); // isoformat(): +00:00, not Z
                Assert.Equal(c.Expiration, DateTime.Parse(expiration, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));
                Assert.Equal("arn:aws:sts::100000000002:assumed-role/Deploy/ref", root.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
                Assert.Equal(200, root.GetProperty("ResponseMetadata").GetProperty("HTTPStatusCode").GetInt32());
            }
            // The SSO role it started from is cached too, in its own (section 6) file.
            string sso = Path.Combine(CliCache, CacheKeys.RoleCredential("111111110001", "ReadOnly", "dev", "") + ".json");
            Assert.Contains("\"ProviderType\": \"sso\"", File.ReadAllText(sso));
        }

        [Fact]
        public async Task ASecondCallIsServedFromTheCache()
        {
            var resolver = await SignedIn();
            var first = await Get(resolver, "deploy");
            _emu.Server.ResetCounters();

            // Another service, as another process would have: only the files are shared.
            var second = await Get(resolver, "deploy");

            Assert.Equal(0, _emu.Count("AssumeRole"));
            Assert.Equal(0, _emu.Count("GetRoleCredentials"));
            Assert.Equal(first.AccessKeyId, second.AccessKeyId);
            Assert.Equal("Deploy", second.RoleName);
            Assert.Equal("eu-west-1", second.Region);
            Assert.NotNull(new ChainedCredentialService(_sandbox.Context).TryCached(resolver.ResolveCredentials(null, "deploy", null, null)));
        }

        [Fact]
        public async Task ACacheTheAwsCliWroteIsUsed()
        {
            var resolver = await SignedIn();
            // The CLI's file (written with 'Z' this time, as older versions did) for the same role and session name.
            Directory.CreateDirectory(CliCache);
            string expiration = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            string path = Path.Combine(CliCache, DeployCacheKey + ".json");
            File.WriteAllText(path,
                "{\"Credentials\": {\"AccessKeyId\": \"ASIACLIWROTETHIS0001\", \"SecretAccessKey\": \"cliSecret000000000000000000000000000000000\", " +
                "\"SessionToken\": \"cliSessionToken000000000000\", \"Expiration\": \"" + expiration + "\"}, " +
                "\"AssumedRoleUser\": {\"AssumedRoleId\": \"AROAEXAMPLE:ref\", \"Arn\": \"arn:aws:sts::100000000002:assumed-role/Deploy/ref\"}, " +
                "\"ResponseMetadata\": {\"RequestId\": \"r\", \"HTTPStatusCode\": 200, \"RetryAttempts\": 0}}");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            var c = await Get(resolver, "deploy");

            Assert.Equal("ASIACLIWROTETHIS0001", c.AccessKeyId);
            Assert.Equal(0, _emu.Count("AssumeRole"));
            Assert.Equal(0, _emu.Count("GetRoleCredentials"));
        }

        [Fact]
        public async Task ATwoStepChainAssumesEachRoleInOrderAndCachesEach()
        {
            var resolver = await SignedIn();
            var plan = resolver.ResolveCredentials(null, "ops", null, null);
            Assert.Equal(new[] { "deploy", "ops" }, plan.Steps.Select(s => s.ProfileName));

            var c = await new ChainedCredentialService(_sandbox.Context).GetAsync(plan, false, _feedback, CancellationToken.None);

            Assert.Equal(2, _emu.Count("AssumeRole"));
            Assert.Equal(1, _emu.Count("GetRoleCredentials"));
            Assert.Equal("arn:aws:sts::100000000003:assumed-role/Ops/ops-session", await CallerArn(c));
            Assert.Equal("Ops", c.RoleName); // the ARN's path is not part of the name
            Assert.Equal("100000000003", c.AccountId);
            Assert.Null(c.Region); // ops names none; its source's region is not inherited
            Assert.InRange(c.Expiration, DateTime.UtcNow.AddMinutes(13), DateTime.UtcNow.AddMinutes(16)); // duration_seconds = 900 went to STS
            Assert.True(File.Exists(Path.Combine(CliCache, DeployCacheKey + ".json")));
            Assert.True(File.Exists(Path.Combine(CliCache, CacheKeys.AssumeRole("arn:aws:iam::100000000003:role/team/Ops", "ops-session", null, null, 900) + ".json")));

            // The middle step was cached on the way: asking for it costs nothing.
            _emu.Server.ResetCounters();
            await Get(resolver, "deploy");
            Assert.Equal(0, _emu.Count("AssumeRole"));
        }

        public static TheoryData<string, string, string> Refused() => new TheoryData<string, string, string>
        {
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::100000000002:role/B\nsource_profile = a\n", "a", ErrorIds.SourceProfileLoop },
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = a\n", "a", ErrorIds.SourceProfileLoop },
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = base\nmfa_serial = arn:aws:iam::100000000002:mfa/me\n", "a", ErrorIds.MfaNotSupported },
            // Anywhere in the chain: the lower step's MFA is refused before the upper step is assumed.
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::100000000002:role/B\nsource_profile = base\nmfa_serial = arn:aws:iam::100000000002:mfa/me\n", "a", ErrorIds.MfaNotSupported },
            { "[profile keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = keys\n", "a", ErrorIds.ChainSourceUnsupported },
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\ncredential_source = Ec2InstanceMetadata\n", "a", ErrorIds.ChainSourceUnsupported },
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = nowhere\n", "a", ErrorIds.SsoProfileNotFound },
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = base\nduration_seconds = abc\n", "a", ErrorIds.InvalidValue },
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = base\nduration_seconds = 899\n", "a", ErrorIds.InvalidValue },
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = base\nduration_seconds = 43201\n", "a", ErrorIds.InvalidValue },
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = base\nduration_seconds = 3600s\n", "a", ErrorIds.InvalidValue },
            { "[profile a]\nrole_arn = arn:aws:iam::100000000002:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::100000000002:role/B\nsource_profile = base\nduration_seconds = -1\n", "a", ErrorIds.InvalidValue },
        };

        [Theory]
        [MemberData(nameof(Refused))]
        public async Task WhatSsoToolsCannotDoIsRefusedBeforeAnyCall(string profiles, string profile, string errorId)
        {
            var resolver = await SignedIn(Sessions + profiles);

            var ex = Assert.Throws<SsoException>(() => resolver.ResolveCredentials(null, profile, null, null));

            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(0, _emu.Count("GetRoleCredentials"));
            Assert.Equal(0, _emu.Count("AssumeRole"));
            Assert.False(Directory.Exists(CliCache) && Directory.EnumerateFiles(CliCache).Any());
        }

        [Fact]
        public async Task AnStsRefusalIsAssumeRoleFailedAndNothingIsCached()
        {
            var resolver = await SignedIn();
            _emu.Server.Options.RequiredExternalId = "the-one-the-trust-policy-wants";

            var ex = await Assert.ThrowsAsync<SsoException>(() => Get(resolver, "deploy"));

            Assert.Equal(ErrorIds.AssumeRoleFailed, ex.ErrorId);
            Assert.Equal(SsoErrorKind.PermissionDenied, ex.Kind);
            Assert.Contains("AccessDenied", ex.Message);
            Assert.Contains("arn:aws:iam::100000000002:role/Deploy", ex.Message);
            Assert.Equal(1, _emu.Count("AssumeRole")); // a refusal is not retried
            Assert.False(File.Exists(Path.Combine(CliCache, DeployCacheKey + ".json")));
        }

        [Fact]
        public async Task ADurationStsRefusesForAChainedRoleIsAssumeRoleFailed()
        {
            // 7200 is a valid duration_seconds, but a role chained from a role session gets at most an hour.
            var resolver = await SignedIn(Sessions + "[profile long]\nrole_arn = arn:aws:iam::100000000002:role/Deploy\nsource_profile = base\nduration_seconds = 7200\n");

            var ex = await Assert.ThrowsAsync<SsoException>(() => Get(resolver, "long"));

            Assert.Equal(ErrorIds.AssumeRoleFailed, ex.ErrorId);
            Assert.Equal(SsoErrorKind.InvalidOperation, ex.Kind);
            Assert.Contains("ValidationError", ex.Message);
            Assert.Equal(1, _emu.Count("AssumeRole"));
        }

        /// <summary>Source credentials cached first, so that the faults below meet AssumeRole only.</summary>
        async Task<TargetResolver> SourceCached()
        {
            var resolver = await SignedIn();
            await new RoleCredentialService(_sandbox.Context).GetAsync(resolver.ForSession("dev"), "111111110001", "ReadOnly", false, _feedback, CancellationToken.None);
            _emu.Server.ResetCounters();
            return resolver;
        }

        [Fact]
        public async Task StsFailingIsAServiceErrorAfterTheSdksRetries()
        {
            var resolver = await SourceCached();
            _emu.Server.Options.FailNext = 100;

            var ex = await Assert.ThrowsAsync<SsoException>(() => Get(resolver, "deploy"));

            Assert.Equal(ErrorIds.ServiceError, ex.ErrorId);
            Assert.Equal(SsoErrorKind.ResourceUnavailable, ex.Kind);
            Assert.Contains("STS", ex.Message);
            Assert.Equal(4, _emu.Count("AssumeRole")); // MaxErrorRetry = 3
            Assert.Equal(0, _emu.Count("GetRoleCredentials"));
            Assert.False(File.Exists(Path.Combine(CliCache, DeployCacheKey + ".json")));
        }

        [Fact]
        public async Task StsFailingOnceIsRetried()
        {
            var resolver = await SourceCached();
            _emu.Server.Options.FailNext = 1;

            var c = await Get(resolver, "deploy");

            Assert.Equal(2, _emu.Count("AssumeRole"));
            Assert.Equal("Deploy", c.RoleName);
            Assert.True(File.Exists(Path.Combine(CliCache, DeployCacheKey + ".json")));
        }

        [Fact]
        public async Task AnStsAnswerCutOffIsUnreadable()
        {
            var resolver = await SourceCached();
            _emu.Server.Options.MalformedNext = 1;

            var ex = await Assert.ThrowsAsync<SsoException>(() => Get(resolver, "deploy"));

            Assert.Equal(ErrorIds.ServiceError, ex.ErrorId);
            Assert.Equal(SsoErrorKind.InvalidData, ex.Kind);
            Assert.Contains("could not be read", ex.Message);
            Assert.False(File.Exists(Path.Combine(CliCache, DeployCacheKey + ".json")));
        }

        [Fact]
        public async Task StsThrottlingIsServiceThrottled()
        {
            // The emulator throttles per wall-clock second, and the SDK's retries wait for real, so one of them may land
            // in the next second: a stand-in STS that throttles every request keeps this exact.
            var resolver = await SourceCached();
            using (var sts = new ThrottlingSts())
            {
                Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", sts.BaseUrl);

                var ex = await Assert.ThrowsAsync<SsoException>(() => Get(resolver, "deploy"));

                Assert.Equal(ErrorIds.ServiceThrottled, ex.ErrorId);
                Assert.Equal(SsoErrorKind.LimitsExceeded, ex.Kind);
                Assert.Contains("STS", ex.Message);
                Assert.Equal(4, sts.Requests); // the SDK's own retries (MaxErrorRetry = 3), no more
                Assert.False(File.Exists(Path.Combine(CliCache, DeployCacheKey + ".json")));
            }
        }

        /// <summary>An STS endpoint that answers every request 429 Throttling, as the emulator's does when over its rate.</summary>
        sealed class ThrottlingSts : IDisposable
        {
            readonly HttpListener _listener = new HttpListener();
            int _requests;

            public ThrottlingSts()
            {
                var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                BaseUrl = "http://127.0.0.1:" + port;
                _listener.Prefixes.Add(BaseUrl + "/");
                _listener.Start();
                _ = Task.Run(LoopAsync);
            }

            public string BaseUrl { get; }
            public int Requests => Volatile.Read(ref _requests);

            async Task LoopAsync()
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext c;
                    try { c = await _listener.GetContextAsync(); }
                    catch (Exception) { return; }
                    Interlocked.Increment(ref _requests);
                    using (var reader = new StreamReader(c.Request.InputStream)) await reader.ReadToEndAsync();
                    byte[] body = Encoding.UTF8.GetBytes(
                        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>Throttling</Code>\n" +
                        "    <Message>Rate exceeded</Message>\n  </Error>\n  <RequestId>r</RequestId>\n</ErrorResponse>\n");
                    c.Response.StatusCode = 429;
                    c.Response.ContentType = "text/xml";
                    c.Response.ContentLength64 = body.Length;
                    c.Response.OutputStream.Write(body, 0, body.Length);
                    c.Response.OutputStream.Close();
                }
            }

            public void Dispose()
            {
                try { _listener.Stop(); } catch (Exception) { }
                _listener.Close();
            }
        }
    }
}
