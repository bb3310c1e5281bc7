using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// Config files as Windows tools write them: with a UTF-8 BOM (Notepad, Windows PowerShell 5.1's
    /// Set-Content -Encoding UTF8), in the ANSI code page ('aws configure set' on Windows), in UTF-16
    /// (5.1's Out-File). A BOM file is read and edited byte for byte; anything not UTF-8 is refused
    /// with ConfigFileEncoding and never rewritten.
    /// </summary>
    public class ConfigEncodingTests
    {
        static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };
        const string Text =
            "# SsoTools test\n[default]\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n" +
            "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n[profile old]\nregion = eu-west-1\n";

        static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
        static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        public static readonly Dictionary<string, Action<SsoConfigEditor>> Edits = new Dictionary<string, Action<SsoConfigEditor>>
        {
            ["new profile (appended)"] = e => e.SetProfile("new", "corp", "222222222222", "Admin", "us-west-2", null),
            ["profile updated in place"] = e => e.SetProfile("dev", "corp", "111111111111", "Admin", null, null),
            ["key added to a section"] = e => e.SetProfile("dev", "corp", "111111111111", "ReadOnly", "eu-central-1", "json"),
            ["profile removed"] = e => e.RemoveProfile("dev", force: true),
            ["last section removed"] = e => e.RemoveProfile("old", force: true),
            ["new session"] = e => e.SetSession("other", "https://d-2222222222.awsapps.com/start", "eu-west-1", null, false),
            ["session replaced"] = e => e.SetSession("corp", "https://d-3333333333.awsapps.com/start", "eu-west-1", new[] { "sso:account:access" }, true),
            ["generated profile"] = e => e.SetGeneratedProfile("gen", "corp", "333333333333", "Deploy", null, null, false),
        };

        public static IEnumerable<object[]> EditNames() => Edits.Keys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(EditNames))]
        public void EveryEditOfABomFileKeepsTheBomAndChangesWhatItWouldWithout(string edit)
        {
            var plain = ConfigDocument.FromBytes(Ascii(Text), "config");
            var marked = ConfigDocument.FromBytes(Cat(Bom, Ascii(Text)), "config");
            Edits[edit](new SsoConfigEditor(plain));
            Edits[edit](new SsoConfigEditor(marked));
            Assert.NotEqual(Ascii(Text), plain.ToBytes()); // the edit did something
            Assert.Equal(Cat(Bom, plain.ToBytes()), marked.ToBytes());
        }

        [Theory]
        [MemberData(nameof(EditNames))]
        public void ABomFileWrittenThroughTheStoreKeepsItsBomAndUndoGivesItsBytesBack(string edit)
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            byte[] original = Cat(Bom, Ascii(Text));
            File.WriteAllBytes(path, original);

            var declined = new ConfigStore(path).Change();
            var mark = declined.Mark();
            declined.Apply(e => { Edits[edit](e); return 0; });
            declined.Undo(mark);
            Assert.Equal(original, declined.Document.ToBytes());

            var change = new ConfigStore(path).Change();
            change.Apply(e => { Edits[edit](e); return 0; });
            Assert.Equal(ConfigCommitResult.Written, change.Commit(CancellationToken.None));
            byte[] written = File.ReadAllBytes(path);
            Assert.Equal(Bom, written.Take(3).ToArray());
            var plain = ConfigDocument.FromBytes(Ascii(Text));
            Edits[edit](new SsoConfigEditor(plain));
            Assert.Equal(plain.ToBytes(), written.Skip(3).ToArray());
        }

        [Fact]
        public void ABomFileReadsAsWithoutAndCarriesTheWarning()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllBytes(path, Cat(Bom, Ascii(Text)));
            var document = new ConfigStore(path).Read().Document;
            Assert.True(document.HasBom);
            Assert.Equal("ReadOnly", document.GetValue("profile dev", "sso_role_name"));
            string warning = document.EncodingWarning!;
            Assert.StartsWith(path + " starts with a UTF-8 byte order mark", warning);
            Assert.Contains("save it as UTF-8 without BOM", warning);
            Assert.Null(ConfigDocument.FromBytes(Ascii(Text), path).EncodingWarning);
        }

        /// <summary>What the warning says of botocore, checked: it fails on the whole file, whichever line comes first.</summary>
        [Theory]
        [InlineData("[default]\nregion = x\n")]
        [InlineData("# comment\n[default]\nregion = x\n")]
        [InlineData("\n[profile a]\nregion = x\n")]
        public void BotocoreCannotReadABomFileAtAll(string text)
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllBytes(path, Cat(Bom, Encoding.UTF8.GetBytes(text)));
            string verdict = PythonOracle.Run(
                "import sys, botocore.configloader as c, botocore.exceptions as x\n" +
                "try:\n    c.raw_config_parse(sys.argv[1]); print('read')\n" +
                "except x.ConfigParseError as e:\n    print(type(e.kwargs['error']).__name__)", path);
            Assert.Equal("MissingSectionHeaderError", verdict.Trim());
            Assert.NotNull(ConfigDocument.FromBytes(File.ReadAllBytes(path), path).EncodingWarning);
        }

        // Each a byte string Python's strict UTF-8 decoder rejects or accepts; the offset must be its UnicodeDecodeError.start.
        public static IEnumerable<object[]> Utf8Cases() => new[]
        {
            "", "41", "c3a9", "e282ac", "f09f9880", "f48fbfbf", "e9", "41e9", "e920", "c3", "c328", "80", "bf41", "c0af", "c1bf", "e080af", "e09f80",
            "eda080", "ed9fbf", "f08f8080", "f4908080", "f5808080", "ff", "fe", "e282", "e28228", "f09f98", "f09f9841", "c3a9e9", "efbbbfe9",
        }.Select(h => new object[] { h });

        [Theory]
        [MemberData(nameof(Utf8Cases))]
        public void TheFirstNonUtf8ByteIsTheOnePythonNames(string hex)
        {
            byte[] bytes = Convert.FromHexString(hex);
            string python = PythonOracle.Run(
                "import sys\nb = bytes.fromhex(sys.argv[1])\ntry:\n    b.decode('utf-8'); print(-1)\nexcept UnicodeDecodeError as e:\n    print(e.start)", hex);
            Assert.Equal(int.Parse(python.Trim()), ConfigDocument.FirstNonUtf8(bytes, 0));
        }

        [Fact]
        public void AnsiBytesAreConfigFileEncodingNamingTheLineAndOffset()
        {
            // "# café" in Windows-1252, as 'aws configure' on Windows may leave it.
            byte[] bytes = Cat(Ascii("[default]\nregion = x\r\n# caf"), new byte[] { 0xE9 }, Ascii("\n[profile a]\n"));
            var e = Assert.Throws<ConfigParseException>(() => ConfigDocument.FromBytes(bytes, "/home/u/.aws/config"));
            Assert.Equal(ErrorIds.ConfigFileEncoding, e.ErrorId);
            Assert.Equal(3, e.LineNumber);
            Assert.Contains("\"/home/u/.aws/config\"", e.Message);
            Assert.Contains("line 3: the file is not UTF-8 text (byte offset 27 is 0xE9,", e.Message);
            Assert.Contains("ANSI code page", e.Message);
            Assert.Contains("save it as UTF-8", e.Message);

            // After a BOM the offset still counts from the file's first byte.
            var withBom = Assert.Throws<ConfigParseException>(() => ConfigDocument.FromBytes(Cat(Bom, Ascii("[a]\n"), new byte[] { 0x80 }), "c"));
            Assert.Contains("line 2: the file is not UTF-8 text (byte offset 7 is 0x80,", withBom.Message);
        }

        [Theory]
        [InlineData(new byte[] { 0xFF, 0xFE, (byte)'[', 0, (byte)'a', 0, (byte)']', 0 }, "little-endian")]
        [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'[', 0, (byte)'a', 0, (byte)']' }, "big-endian")]
        public void Utf16IsConfigFileEncodingToo(byte[] bytes, string which)
        {
            var e = Assert.Throws<ConfigParseException>(() => ConfigDocument.FromBytes(bytes, "config"));
            Assert.Equal(ErrorIds.ConfigFileEncoding, e.ErrorId);
            Assert.Contains("UTF-16 text (" + which, e.Message);
        }

        /// <summary>What the message says of botocore, checked: strict UTF-8 where the locale is UTF-8; the ANSI code page (Windows) reads the file.</summary>
        [Fact]
        public void BotocoreReadsTheLocaleEncodingSoAnsiFailsHereAndReadsOnWindows()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllBytes(path, Cat(Ascii("[profile caf"), new byte[] { 0xE9 }, Ascii("]\nregion = x\n")));
            string verdict = PythonOracle.Run(
                "import configparser, sys, botocore.configloader as c, botocore.exceptions as x\n" +
                "try:\n    c.raw_config_parse(sys.argv[1]); print('read')\n" +
                "except x.ConfigParseError as e:\n    print(type(e.kwargs['error']).__name__)\n" +
                "cp = configparser.RawConfigParser(); cp.read(sys.argv[1], encoding='cp1252'); print(cp.sections()[0].encode('unicode_escape').decode())", path);
            Assert.Equal(new[] { "UnicodeDecodeError", "profile caf\\xe9" }, verdict.Trim().Split('\n').Select(l => l.Trim()));
        }

        [Fact]
        public void ANonUtf8FileIsNeverRewrittenEvenWhenItBecomesSoBeforeTheCommit()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            byte[] ansi = Cat(Ascii(Text), Ascii("# "), new byte[] { 0xE9 }, Ascii("\n"));
            File.WriteAllBytes(path, ansi);
            Assert.Equal(ErrorIds.ConfigFileEncoding, Assert.Throws<ConfigParseException>(() => new ConfigStore(path).Read()).ErrorId);
            Assert.Equal(ErrorIds.ConfigFileEncoding, Assert.Throws<ConfigParseException>(() => new ConfigStore(path).Change().Document).ErrorId);
            Assert.Equal(ansi, File.ReadAllBytes(path));

            // Read while UTF-8, then another tool saves it in the ANSI code page: the replay refuses, nothing is written.
            File.WriteAllBytes(path, Ascii(Text));
            var change = new ConfigStore(path).Change();
            change.Apply(e => e.SetProfile("new", "corp", "222222222222", "Admin", null, null));
            File.WriteAllBytes(path, ansi);
            Assert.Equal(ErrorIds.ConfigFileEncoding, Assert.Throws<ConfigParseException>(() => change.Commit(CancellationToken.None)).ErrorId);
            Assert.Equal(ansi, File.ReadAllBytes(path));
        }

        /// <summary>SsoTools' own text (headers, keys, '=', line ends) is ASCII; only a value the user gave can add anything else.</summary>
        [Theory]
        [MemberData(nameof(EditNames))]
        public void WhatSsoToolsWritesIsAsciiForAsciiInput(string edit)
        {
            var document = ConfigDocument.FromBytes(Ascii(Text), "config");
            Edits[edit](new SsoConfigEditor(document));
            Assert.All(document.ToBytes(), b => Assert.True(b < 0x80));
        }

        [Fact]
        public void ANonAsciiValueIsTheOnlyNonAsciiLineAndIsUtf8()
        {
            var document = ConfigDocument.FromBytes(Ascii(Text), "config");
            new SsoConfigEditor(document).SetProfile("caf\u00e9", "corp", "222222222222", "Admin", null, null);
            byte[] bytes = document.ToBytes();
            Assert.Equal(-1, ConfigDocument.FirstNonUtf8(bytes, 0));
            var lines = Encoding.UTF8.GetString(bytes).Split('\n');
            Assert.Equal(new[] { "[profile caf\u00e9]" }, lines.Where(l => l.Any(c => c > 0x7F)));
        }
    }
}
