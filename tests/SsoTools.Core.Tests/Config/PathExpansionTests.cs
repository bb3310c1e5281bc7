using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SsoTools.Core.Config;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// PathExpansion against Python 3.11's own posixpath and ntpath (both import on Linux; ntpath then
    /// reads the os.environ set here), and AwsPaths.ConfigFileFrom against botocore's
    /// expanduser(expandvars(AWS_CONFIG_FILE)).
    /// </summary>
    public class PathExpansionTests
    {
        static readonly Dictionary<string, Dictionary<string, string>> Environments = new Dictionary<string, Dictionary<string, string>>
        {
            ["profile"] = new Dictionary<string, string>
            {
                ["HOME"] = "/home/me", ["USERPROFILE"] = @"C:\Users\me", ["USERNAME"] = "me", ["A"] = "x", ["B_1"] = "y",
                ["a-b"] = "dash", ["EMPTY"] = "", ["SPACE"] = "a b", ["DOLLAR"] = "$A", ["PCT"] = "%A%", ["lower"] = "lo", ["é"] = "accent",
            },
            ["homepath"] = new Dictionary<string, string> { ["HOME"] = "/", ["HOMEDRIVE"] = "C:", ["HOMEPATH"] = @"\Users\me", ["USERNAME"] = "me", ["A"] = "x" },
            ["homepath, no drive, other user"] = new Dictionary<string, string> { ["HOME"] = "/home/me/", ["HOMEPATH"] = @"\Users\me", ["USERNAME"] = "other" },
            ["unc profile"] = new Dictionary<string, string> { ["HOME"] = "/home/me", ["USERPROFILE"] = @"\\server\share\me", ["USERNAME"] = "me" },
            ["relative homepath"] = new Dictionary<string, string> { ["HOME"] = "/home/me", ["HOMEDRIVE"] = @"\\srv\home", ["HOMEPATH"] = "me" },
            ["no home on Windows"] = new Dictionary<string, string> { ["HOME"] = "/home/me", ["USERNAME"] = "me" },
        };

        static readonly string[] Inputs =
        {
            "", "plain", "$A", "${A}", "$A$B_1", "$Ax", "${A}x", "$UNKNOWN/x", "${UNKNOWN}", "${", "${A", "$", "$$", "$$A", "a$",
            "%A%", "%A", "%%", "%%A%%", "%UNKNOWN%", "%A%%B_1%", "%A%%", "'$A'", "'$A", "x'%A%'y", "''", "$a-b", "${a-b}", "%a-b%",
            "$EMPTY/x", "${}", "%%%", "$DOLLAR", "%PCT%", "${SPACE}", "$A.b", "$A/$A", "${A}}", "$A{", "\u20ac$A", "$\u00e9", "${\u00e9}",
            "${=C:}", "%=C:%", "$lower", "$LOWER", "~", "~/x", @"~\x", "~me/x", @"~me\x", @"~other\x", "~x$A", "~/", "x~",
            "$HOME/.aws/config", @"%USERPROFILE%\.aws\config", "~/$A/%A%", "${HOME}/c", "$USERPROFILE", "%HOMEDRIVE%%HOMEPATH%\\c",
        };

        const string Script = @"
import json, ntpath, os, posixpath, sys
request = json.loads(sys.argv[1])
out = {}
for env_name, env in request['environments'].items():
    os.environ.clear()
    os.environ.update(env)
    out[env_name] = [{
        'posix_vars': posixpath.expandvars(s),
        'nt_vars': ntpath.expandvars(s),
        'posix_user': posixpath.expanduser(s),
        'nt_user': ntpath.expanduser(s),
        'posix_config': posixpath.expanduser(posixpath.expandvars(s)),
        'nt_config': ntpath.expanduser(ntpath.expandvars(s)),
    } for s in request['inputs']]
sys.stdout.write(json.dumps(out))
";

        static readonly Lazy<JsonElement> Python = new Lazy<JsonElement>(() =>
        {
            string request = JsonSerializer.Serialize(new { environments = Environments, inputs = Inputs });
            using var doc = JsonDocument.Parse(PythonOracle.Run(Script, request));
            return doc.RootElement.Clone();
        });

        public static IEnumerable<object[]> Cases() =>
            from env in Environments.Keys from i in Enumerable.Range(0, Inputs.Length) select new object[] { env, i };

        static Func<string, string?> Env(string name) => key => Environments[name].TryGetValue(key, out var v) ? v : null;

        [Theory]
        [MemberData(nameof(Cases))]
        public void ExpandsAsPythonDoes(string environment, int input)
        {
            string path = Inputs[input];
            JsonElement expected = Python.Value.GetProperty(environment)[input];
            var env = Env(environment);
            Func<string?> noPasswordDatabase = () => throw new InvalidOperationException("HOME is set in every environment here");
            Assert.Equal(expected.GetProperty("posix_vars").GetString(), PathExpansion.ExpandVars(path, false, env));
            Assert.Equal(expected.GetProperty("nt_vars").GetString(), PathExpansion.ExpandVars(path, true, env));
            Assert.Equal(expected.GetProperty("posix_user").GetString(), PathExpansion.ExpandUser(path, false, env, noPasswordDatabase));
            Assert.Equal(expected.GetProperty("nt_user").GetString(), PathExpansion.ExpandUser(path, true, env));
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void TheConfigFileIsTheOneBotocoreOpens(string environment, int input)
        {
            string path = Inputs[input];
            if (path.Length == 0) return; // an empty AWS_CONFIG_FILE means the default, tested in AwsPathsTests
            JsonElement expected = Python.Value.GetProperty(environment)[input];
            var vars = Environments[environment].ToDictionary(p => p.Key, p => p.Value);
            vars["AWS_CONFIG_FILE"] = path;
            Func<string, string?> env = key => vars.TryGetValue(key, out var v) ? v : null;
            Assert.Equal(expected.GetProperty("posix_config").GetString(), AwsPaths.ConfigFileFrom(env, isWindows: false));
            Assert.Equal(expected.GetProperty("nt_config").GetString(), AwsPaths.ConfigFileFrom(env, isWindows: true));
        }

        [Fact]
        public void WithoutHomeThePasswordDatabaseAnswersOrThePathStays()
        {
            Func<string, string?> none = _ => null;
            Assert.Equal("/home/pw/x", PathExpansion.ExpandUser("~/x", false, none, () => "/home/pw/"));
            Assert.Equal("~/x", PathExpansion.ExpandUser("~/x", false, none, () => null));
            Assert.Equal("~/x", PathExpansion.ExpandUser("~/x", false, none));
        }
    }
}
