using SsoTools.Core.Errors;
using SsoTools.Core.Credentials;
using Xunit;

namespace SsoTools.Core.Tests.Portal
{
    /// <summary>compat.md section 10: the partitions' hosts and the console destinations.</summary>
    public class ConsoleSigninTests
    {
        [Theory]
        [InlineData("us-east-1", "aws", "signin.aws.amazon.com", "console.aws.amazon.com")]
        [InlineData("eu-west-2", "aws", "signin.aws.amazon.com", "console.aws.amazon.com")]
        [InlineData("cn-north-1", "aws-cn", "signin.amazonaws.cn", "console.amazonaws.cn")]
        [InlineData("cn-northwest-1", "aws-cn", "signin.amazonaws.cn", "console.amazonaws.cn")]
        [InlineData("us-gov-west-1", "aws-us-gov", "signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com")]
        public void ThePartitionOfARegionHasItsOwnHosts(string region, string name, string signin, string console)
        {
            var p = ConsolePartition.OfRegion(region);
            Assert.Equal(name, p.Name);
            Assert.Equal(signin, p.SigninHost);
            Assert.Equal(console, p.ConsoleHost);
        }

        [Theory]
        [InlineData("arn:aws-cn:iam::100000000002:role/D", "aws-cn")]
        [InlineData("arn:aws-us-gov:iam::100000000002:role/D", "aws-us-gov")]
        [InlineData("arn:aws:iam::100000000002:role/D", "aws")]
        public void ThePartitionOfARoleArn(string arn, string name) => Assert.Equal(name, ConsolePartition.OfArn(arn)!.Name);

        [Theory]
        [InlineData(null, "https://console.aws.amazon.com/console/home?region=eu-west-1")]
        [InlineData("ec2", "https://console.aws.amazon.com/ec2/home?region=eu-west-1")]
        [InlineData("https://eu-west-1.console.aws.amazon.com/s3/buckets", "https://eu-west-1.console.aws.amazon.com/s3/buckets")]
        public void DestinationsAreConsolePages(string? given, string expected) =>
            Assert.Equal(expected, ConsoleSignin.Destination(given, ConsolePartition.Aws, "eu-west-1"));

        [Theory]
        [InlineData("http://console.aws.amazon.com/ec2")]
        [InlineData("https://console.aws.amazon.com.evil.example/")]
        [InlineData("https://evilconsole.aws.amazon.com/")]
        [InlineData("https://user@console.aws.amazon.com/")]
        [InlineData("https://console.amazonaws.cn/")]
        [InlineData("EC2")]
        [InlineData("ec2/../iam")]
        [InlineData("ec2?x=1")]
        public void AnythingElseIsRefused(string given)
        {
            var ex = Assert.Throws<SsoException>(() => ConsoleSignin.Destination(given, ConsolePartition.Aws, "us-east-1"));
            Assert.Equal(ErrorIds.InvalidValue, ex.ErrorId);
        }
    }
}
