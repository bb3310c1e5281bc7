using System;
using SsoTools.Model;
using SsoTools.Core.Formats;
using Xunit;

namespace SsoTools.Core.Tests.Portal
{
    /// <summary>The output of `aws configure export-credentials`, format by format.</summary>
    public class CredentialFormatTests
    {
        static readonly SsoRoleCredential Sample = new SsoRoleCredential
        {
            AccessKeyId = "ASIAEXAMPLE12345",
            SecretAccessKey = "wJalr/K7MDENG+bPxRfiCY",
            SessionToken = "IQoJb3JpZ2lu/x+y==",
            Expiration = new DateTime(2026, 11, 26, 2, 16, 39, DateTimeKind.Utc),
            AccountId = "111122223333",
            RoleName = "ReadOnly",
        };

        [Fact]
        public void ProcessIsTheClisJsonByteForByte()
        {
            string python = PythonOracle.Run(
                "import json, sys\n" +
                "from datetime import datetime, timezone\n" +
                "out = {'Version': 1, 'AccessKeyId': 'ASIAEXAMPLE12345', 'SecretAccessKey': 'wJalr/K7MDENG+bPxRfiCY', 'SessionToken': 'IQoJb3JpZ2lu/x+y==',\n" +
                "       'Expiration': datetime(2026, 11, 26, 2, 16, 39, tzinfo=timezone.utc).isoformat()}\n" +
                "sys.stdout.write(json.dumps(out, indent=2, separators=(',', ': ')) + '\\n')");
            Assert.Equal(python, CredentialFormatter.Format(Sample, CredentialFormat.Process));
        }

        [Fact]
        public void EnvLinesAreTheClis() =>
            Assert.Equal(
                "export AWS_ACCESS_KEY_ID=ASIAEXAMPLE12345\nexport AWS_SECRET_ACCESS_KEY=wJalr/K7MDENG+bPxRfiCY\n" +
                "export AWS_SESSION_TOKEN=IQoJb3JpZ2lu/x+y==\nexport AWS_CREDENTIAL_EXPIRATION=2026-11-26T02:16:39+00:00\n",
                CredentialFormatter.Format(Sample, CredentialFormat.Env));

        [Fact]
        public void FishLinesAreTheClis() =>
            Assert.Equal(
                "set -gx AWS_ACCESS_KEY_ID ASIAEXAMPLE12345;\nset -gx AWS_SECRET_ACCESS_KEY wJalr/K7MDENG+bPxRfiCY;\n" +
                "set -gx AWS_SESSION_TOKEN IQoJb3JpZ2lu/x+y==;\nset -gx AWS_CREDENTIAL_EXPIRATION 2026-11-26T02:16:39+00:00;\n",
                CredentialFormatter.Format(Sample, CredentialFormat.Fish));

        [Theory]
        [InlineData("plain/+=._:-,", "plain/+=._:-,")]
        [InlineData("a b", "'a b'")]
        [InlineData("a'b", "'a\\'b'")]
        [InlineData("a\\b", "'a\\\\b'")]
        [InlineData("$(rm -rf ~);x", "'$(rm -rf ~);x'")]
        public void FishQuotingLeavesNothingSpecial(string value, string quoted) => Assert.Equal(quoted, CredentialFormatter.FishQuote(value));

        [Fact]
        public void PowerShellAndCmdLinesAreTheClis()
        {
            Assert.StartsWith("$Env:AWS_ACCESS_KEY_ID='ASIAEXAMPLE12345'\n", CredentialFormatter.Format(Sample, CredentialFormat.PowerShell));
            Assert.StartsWith("set AWS_ACCESS_KEY_ID=ASIAEXAMPLE12345\nset AWS_SECRET_ACCESS_KEY=", CredentialFormatter.Format(Sample, CredentialFormat.WindowsCmd));
            Assert.StartsWith("AWS_ACCESS_KEY_ID=ASIAEXAMPLE12345\n", CredentialFormatter.Format(Sample, CredentialFormat.EnvNoExport));
        }

        /// <summary>Every quote PowerShell, POSIX shells and cmd.exe know, and the characters around them that end strings.</summary>
        public static readonly TheoryData<string> Hostile = new TheoryData<string>
        {
            "a\u201D;touch pwned;\u201C", "a\u201C", "a\u201E", "a\u2018", "a\u2019", "a\u201A", "a\u201B",
            "a'b", "a\"b", "a`b", "a$b", "a b", "a\nb", "a%PATH%b", "a!b", "a&b", "a\\b", "a;b",
        };

        [Theory]
        [MemberData(nameof(Hostile))]
        public void EveryFormatRefusesAValueAwsNeverIssues(string value)
        {
            foreach (var field in new[] { "AccessKeyId", "SecretAccessKey", "SessionToken" })
            {
                var c = new SsoRoleCredential { AccessKeyId = Sample.AccessKeyId, SecretAccessKey = Sample.SecretAccessKey, SessionToken = Sample.SessionToken, Expiration = Sample.Expiration };
                typeof(SsoRoleCredential).GetProperty(field)!.SetValue(c, Sample.SessionToken + value);
                foreach (CredentialFormat format in Enum.GetValues(typeof(CredentialFormat)))
                {
                    var ex = Assert.Throws<SsoTools.Core.Errors.SsoException>(() => CredentialFormatter.Format(c, format));
                    Assert.Equal("InvalidCredentialValue", ex.ErrorId);
                    Assert.DoesNotContain(value, ex.Message);
                }
            }
        }

        [Theory]
        [MemberData(nameof(Hostile))]
        public void TheShellQuotingIsInertWhateverTheValue(string value)
        {
            // Beyond the check above: the quoting alone keeps every value one literal string in bash.
            string line = "export X=" + CredentialFormatter.ShellQuote(value);
            string echoed = PythonOracle.Run("import subprocess, sys\nsys.stdout.write(subprocess.run(['bash', '-c', sys.argv[1] + '\\nprintf %s \"$X\"'], capture_output=True, text=True).stdout)", line);
            Assert.Equal(value, echoed);
        }

        [Theory]
        [MemberData(nameof(Hostile))]
        public void CmdRefusesWhatItCannotQuote(string value) =>
            Assert.Throws<SsoTools.Core.Errors.SsoException>(() => CredentialFormatter.CmdValue(value));
    }
}
