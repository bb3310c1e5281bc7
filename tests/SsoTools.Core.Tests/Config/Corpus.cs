using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>The config files in Config/Corpus (copied to the output folder): valid ones at the top, rejected ones in invalid/.</summary>
    public static class Corpus
    {
        public static string Folder => Path.Combine(AppContext.BaseDirectory, "Config", "Corpus");

        public static string PathOf(string name) => Path.Combine(Folder, name.Replace('/', Path.DirectorySeparatorChar));

        public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

        public static IReadOnlyList<string> ValidNames =>
            Directory.GetFiles(Folder, "*.ini").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList()!;

        public static IReadOnlyList<string> InvalidNames =>
            Directory.GetFiles(Path.Combine(Folder, "invalid"), "*.ini").Select(p => "invalid/" + Path.GetFileName(p)).OrderBy(n => n, StringComparer.Ordinal).ToList();

        public static IEnumerable<object[]> Valid => ValidNames.Select(n => new object[] { n });

        public static IEnumerable<object[]> Invalid => InvalidNames.Select(n => new object[] { n });

        public static bool StartsWithBom(byte[] bytes) => bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;

        public static byte[] WithoutBom(byte[] bytes) => StartsWithBom(bytes) ? bytes.Skip(3).ToArray() : bytes;
    }
}
