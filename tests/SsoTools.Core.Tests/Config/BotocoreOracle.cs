using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// Asks the installed botocore (compat.md: the reference) what it makes of config files: one Python
    /// process for a whole batch, since importing botocore takes a moment.
    /// </summary>
    public static class BotocoreOracle
    {
        // raw_config_parse as the CLI calls it (parse_subsections=True); build_profile_map on top.
        // A file that starts with a BOM is also parsed without it, to compare what SsoTools reads.
        const string Script = @"
import configparser, json, os, sys, tempfile
import botocore.configloader as loader
import botocore.exceptions as exceptions

def parse(path):
    try:
        raw = loader.raw_config_parse(path)
    except exceptions.ConfigParseError as e:
        err = e.kwargs.get('error')
        line = getattr(err, 'lineno', None)
        if line is None and isinstance(err, configparser.ParsingError) and err.errors:
            line = err.errors[0][0]
        return {'ok': False, 'errorType': type(err).__name__, 'line': line}
    built = loader.build_profile_map(raw)
    return {'ok': True, 'raw': raw, 'profiles': built['profiles'], 'sso_sessions': built['sso_sessions'], 'services': built['services']}

request = json.load(sys.stdin)
result = {'files': {}, 'sections': {}}
for path in request['files']:
    entry = parse(path)
    with open(path, 'rb') as f:
        data = f.read()
    if data.startswith(b'\xef\xbb\xbf'):
        fd, tmp = tempfile.mkstemp(suffix='.ini')
        os.write(fd, data[3:])
        os.close(fd)
        try:
            entry['withoutBom'] = parse(tmp)
        finally:
            os.remove(tmp)
    result['files'][path] = entry
for section in request['sections']:
    built = loader.build_profile_map({section: {}})
    result['sections'][section] = {'profiles': list(built['profiles']), 'sso_sessions': list(built['sso_sessions'])}
json.dump(result, sys.stdout)
";

        static readonly Lazy<JsonElement> CorpusResult = new Lazy<JsonElement>(() =>
            Run(Corpus.ValidNames.Concat(Corpus.InvalidNames).Select(Corpus.PathOf), Array.Empty<string>()));

        /// <summary>botocore's verdict on a corpus file ("comments.ini", "invalid/x.ini").</summary>
        public static JsonElement ForCorpusFile(string name) => CorpusResult.Value.GetProperty("files").GetProperty(Corpus.PathOf(name));

        /// <summary>Runs botocore over files and section names; returns {"files": {path: …}, "sections": {name: …}}.</summary>
        public static JsonElement Run(IEnumerable<string> files, IEnumerable<string> sections)
        {
            var fileList = files.ToList();
            foreach (string file in fileList)
            {
                // raw_config_parse expands $VARS and ~ in the path; keep test paths free of both.
                if (file.Contains('$') || file.StartsWith("~", StringComparison.Ordinal)) throw new InvalidOperationException("Path would be expanded by botocore: " + file);
            }
            string request = JsonSerializer.Serialize(new { files = fileList, sections = sections.ToList() });
            string output = RunPython(request);
            using var document = JsonDocument.Parse(output);
            return document.RootElement.Clone();
        }

        static string RunPython(string stdin)
        {
            foreach (string python in new[] { "python3", "python" })
            {
                var start = new ProcessStartInfo(python)
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    StandardOutputEncoding = Encoding.UTF8,
                    StandardErrorEncoding = Encoding.UTF8,
                };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add(Script);
                // configparser opens files in the locale's encoding: make that UTF-8 everywhere.
                start.Environment["PYTHONUTF8"] = "1";
                start.Environment["PYTHONIOENCODING"] = "utf-8";
                Process process;
                try
                {
                    process = Process.Start(start)!;
                }
                catch (Win32Exception)
                {
                    continue;
                }
                using (process)
                {
                    process.StandardInput.Write(stdin);
                    process.StandardInput.Close();
                    var stderrTask = process.StandardError.ReadToEndAsync();
                    string stdout = process.StandardOutput.ReadToEnd();
                    if (!process.WaitForExit(120_000)) { process.Kill(); throw new TimeoutException("botocore oracle timed out"); }
                    if (process.ExitCode != 0) throw new InvalidOperationException("botocore oracle failed: " + stderrTask.Result);
                    return stdout;
                }
            }
            throw new InvalidOperationException("python3 with botocore is required for the oracle tests (compat.md: installed on every machine of this project).");
        }
    }
}
