using System;
using SsoTools.Core.Credentials;
using SsoTools.Core.Errors;
using SsoTools.Core.Resolution;
using SsoTools.Model;
using Xunit;

namespace SsoTools.Core.Tests.Credentials
{
    /// <summary>compat.md section 10: the console's session length, Region and partition, decided before any call.</summary>
    public class ConsoleRulesTests
    {
        static readonly SignIn S = new SignIn("s", "https://d-123.awsapps.com/start", "us-east-1", null);
        static readonly CredentialPlan Sso = new CredentialPlan(new RoleTarget(S, "111111110001", "ReadOnly", "eu-west-1"), Array.Empty<AssumeRoleStep>(), "base");
        static readonly CredentialPlan Chained = new CredentialPlan(new RoleTarget(S, "111111110001", "ReadOnly", "eu-west-1"),
            new[] { new AssumeRoleStep("deploy", "arn:aws:iam::100000000002:role/Deploy", null, null, null, "eu-central-1") }, "deploy");

        static SsoRoleCredential Credential(string? roleArn) => new SsoRoleCredential { AccountId = "111111110001", RoleName = "ReadOnly", RoleArn = roleArn };

        [Theory]
        [InlineData(0, 15, 0, 900)]
        [InlineData(4, 0, 0, 14400)]
        [InlineData(12, 0, 0, 43200)]
        [InlineData(1, 2, 3, 3723)]
        public void ASessionDurationIsSentInSeconds(int hours, int minutes, int seconds, int expected) =>
            Assert.Equal(expected, ConsoleRules.SessionSeconds(new TimeSpan(hours, minutes, seconds)));

        [Fact]
        public void NoSessionDurationIsNoneSent() => Assert.Null(ConsoleRules.SessionSeconds(null));

        [Theory]
        [InlineData("00:14:59", "-SessionDuration 00:14:59 is not possible: the console session lasts from 15 minutes to 12 hours, in whole seconds.")]
        [InlineData("12:00:01", "-SessionDuration 12:00:01 is not possible: the console session lasts from 15 minutes to 12 hours, in whole seconds.")]
        [InlineData("01:00:00.5000000", "-SessionDuration 01:00:00.5000000 is not possible: the console session lasts from 15 minutes to 12 hours, in whole seconds.")]
        public void ASessionDurationOutsideTheLimitsOrNotInWholeSecondsIsRefused(string given, string message)
        {
            var ex = Assert.Throws<SsoException>(() => ConsoleRules.SessionSeconds(TimeSpan.Parse(given, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(ErrorIds.InvalidValue, ex.ErrorId);
            Assert.Equal(SsoErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(message, ex.Message);
        }

        [Fact]
        public void ARegionAskedForMustBeARegionName()
        {
            ConsoleRules.CheckRegion(null);
            ConsoleRules.CheckRegion("");
            ConsoleRules.CheckRegion("eu-west-1");
            Assert.Equal(ErrorIds.InvalidRegion, Assert.Throws<SsoException>(() => ConsoleRules.CheckRegion("moon-1")).ErrorId);
        }

        [Fact]
        public void AnSsoRoleSessionGetsTheDurationAskedFor()
        {
            Assert.Equal(3600, ConsoleRules.SentSessionSeconds(Sso, 3600, out string? warning));
            Assert.Null(warning);
        }

        [Fact]
        public void AChainedRoleSessionGetsNoDurationAndAWarning()
        {
            Assert.Null(ConsoleRules.SentSessionSeconds(Chained, 3600, out string? warning));
            Assert.Equal("The profile 'deploy' is a chained role session: the console session lasts as long as its credentials (one hour at most), and -SessionDuration is not sent.", warning);
            // Nothing asked, nothing to warn about.
            Assert.Null(ConsoleRules.SentSessionSeconds(Chained, null, out warning));
            Assert.Null(warning);
        }

        [Theory]
        [InlineData("eu-west-2", "eu-west-1", "us-west-2", "us-east-1", "eu-west-2")]
        [InlineData(null, "eu-west-1", "us-west-2", "us-east-1", "eu-west-1")]
        [InlineData("", null, "us-west-2", "us-east-1", "us-west-2")]
        [InlineData(null, null, null, "us-east-1", "us-east-1")]
        public void TheRegionIsTheOneAskedForThenTheProfilesThenTheEnvironmentsThenTheSessions(string? asked, string? credential, string? environment, string sso, string expected) =>
            Assert.Equal(expected, ConsoleRules.Region(asked, credential, environment, sso));

        [Theory]
        [InlineData(null, "eu-west-1", "us-east-1", "aws")]
        [InlineData(null, "cn-northwest-1", "cn-north-1", "aws-cn")]
        [InlineData(null, "us-gov-east-1", "us-gov-west-1", "aws-us-gov")]
        // A chained role's ARN wins over the sso-session's Region.
        [InlineData("arn:aws-us-gov:iam::100000000002:role/D", "us-gov-east-1", "us-east-1", "aws-us-gov")]
        [InlineData("arn:aws:iam::100000000002:role/D", "us-east-1", "cn-north-1", "aws")]
        public void ThePartitionIsTheRoleArnsElseTheSessionRegions(string? roleArn, string region, string ssoRegion, string expected) =>
            Assert.Equal(expected, ConsoleRules.Partition(Credential(roleArn), region, ssoRegion).Name);

        [Theory]
        [InlineData(null, "cn-north-1", "us-east-1", "The Region 'cn-north-1' is not in the aws partition of ReadOnly in 111111110001; give a -Region of that partition.")]
        [InlineData("arn:aws-cn:iam::100000000002:role/D", "eu-west-1", "eu-west-1", "The Region 'eu-west-1' is not in the aws-cn partition of ReadOnly in 111111110001; give a -Region of that partition.")]
        public void ARegionOfAnotherPartitionIsRefused(string? roleArn, string region, string ssoRegion, string message)
        {
            var ex = Assert.Throws<SsoException>(() => ConsoleRules.Partition(Credential(roleArn), region, ssoRegion));
            Assert.Equal(ErrorIds.InvalidValue, ex.ErrorId);
            Assert.Equal(message, ex.Message);
            Assert.Equal(region, ex.Target);
        }
    }
}
