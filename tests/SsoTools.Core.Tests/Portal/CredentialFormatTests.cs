using System;
using SsoTools.Core.Model;
using SsoTools.Core.Portal;
using Xunit;

namespace SsoTools.Core.Tests.Portal
{
    /// <summary>The output of `aws configure export-credentials`, format by format.</summary>
    public class CredentialFormatTests
    {
        static readonly SsoRoleCredential Sample = new SsoRoleCredential
        {
            AccessKeyId = "ASIAEXAMPLE",
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
                "out = {'Version': 1, 'AccessKeyId': 'ASIAEXAMPLE', 'SecretAccessKey': 'wJalr/K7MDENG+bPxRfiCY', 'SessionToken': 'IQoJb3JpZ2lu/x+y==',\n" +
                "       'Expiration': datetime(2026, 11, 26, 2, 16, 39, tzinfo=timezone.utc).isoformat()}\n" +
                "sys.stdout.write(json.dumps(out, indent=2, separators=(',', ': ')) + '\\n')");
            Assert.Equal(python, CredentialFormatter.Format(Sample, CredentialFormat.Process));
        }

        [Fact]
        public void EnvLinesAreTheClis() =>
            Assert.Equal(
                "export AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalr/K7MDENG+bPxRfiCY\n" +
                "export AWS_SESSION_TOKEN=IQoJb3JpZ2lu/x+y==\nexport AWS_CREDENTIAL_EXPIRATION=2026-11-26T02:16:39+00:00\n",
                CredentialFormatter.Format(Sample, CredentialFormat.Env));

        [Fact]
        public void PowerShellAndCmdLinesAreTheClis()
        {
            Assert.StartsWith("$Env:AWS_ACCESS_KEY_ID=\"ASIAEXAMPLE\"\n", CredentialFormatter.Format(Sample, CredentialFormat.PowerShell));
            Assert.StartsWith("set AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nset AWS_SECRET_ACCESS_KEY=", CredentialFormatter.Format(Sample, CredentialFormat.WindowsCmd));
            Assert.StartsWith("AWS_ACCESS_KEY_ID=ASIAEXAMPLE\n", CredentialFormatter.Format(Sample, CredentialFormat.EnvNoExport));
        }

        [Fact]
        public void AValueAShellWouldChangeIsQuoted()
        {
            var odd = new SsoRoleCredential { AccessKeyId = "A", SecretAccessKey = "a b'$c", SessionToken = "t", Expiration = Sample.Expiration };
            string env = CredentialFormatter.Format(odd, CredentialFormat.Env);
            Assert.Contains("export AWS_SECRET_ACCESS_KEY='a b'\\''$c'\n", env);
            string echoed = PythonOracle.Run("import subprocess, sys\nsys.stdout.write(subprocess.run(['bash', '-c', sys.argv[1] + '\\nprintf %s \"$AWS_SECRET_ACCESS_KEY\"'], capture_output=True, text=True).stdout)", env);
            Assert.Equal("a b'$c", echoed);
        }
    }
}
