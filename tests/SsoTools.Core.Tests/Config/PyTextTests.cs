using System.Linq;
using SsoTools.Core.Config;
using SsoTools.Core.Tests.Cache;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>str.lower() decides which config keys are one key: compared with Python itself.</summary>
    public class PyTextTests
    {
        static readonly string[] Samples =
        {
            "ΣΣ", "σσ", "Σ", "ΑΣ", "ΣΑ", "ΑΣ.", "ΑΣ'Β", "Α'Σ", "ΟΔΥΣΣΕΥΣ", "ΣΟΦΙΑ ΣΟΦΟΣ", "A\u0301Σ", "1Σ", "aΣ1",
            "İstanbul", "KEY", "Straße", "ǅ", "ΌΣΟΣ", "Σ\u00ADa", "x\U0001D400", "\U00010400Σ", "café", "Σ_Σ", "Σ-Σ",
            "ªΣ", "ºΣ", "ΑΣⅠ", "ⅠΣ", "ⒶΣ", "\U0001F130Σ", "ΑΣʰ", "ʰΣ",
        };

        [Fact]
        public void LowerIsPythonsLower()
        {
            string joined = string.Join("\u0001", Samples);
            string python = PythonOracle.Run("import sys\nsys.stdout.buffer.write('\\x01'.join(s.lower() for s in sys.argv[1].split('\\x01')).encode('utf-8'))", joined);
            var expected = python.Split('\u0001');
            for (int i = 0; i < Samples.Length; i++)
                Assert.True(expected[i] == PyText.Lower(Samples[i]), $"{Samples[i]}: Python {expected[i]}, SsoTools {PyText.Lower(Samples[i])}");
        }

        [Fact]
        public void SigmaKeysThatPythonKeepsApartAreTwoKeys()
        {
            var doc = ConfigDocument.Parse("[profile p]\nΣΣ = upper\nσσ = lower\n");
            Assert.Equal("upper", doc.GetValue("profile p", "ΣΣ"));
            Assert.Equal("lower", doc.GetValue("profile p", "σσ"));
        }
    }
}
