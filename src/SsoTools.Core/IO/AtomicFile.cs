using System;
using System.IO;
using System.Text;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// The one place SsoTools writes the user's files: temporary file in the same folder, then a rename
    /// over the target, so a reader never sees half a file. New files are 0600, new folders 0700;
    /// an existing file keeps its mode.
    /// </summary>
    public static class AtomicFile
    {
        public static void WriteAllText(string path, string text, bool bom = false)
        {
            var enc = new UTF8Encoding(false);
            byte[] body = enc.GetBytes(text);
            if (bom)
            {
                var withBom = new byte[body.Length + 3];
                withBom[0] = 0xEF; withBom[1] = 0xBB; withBom[2] = 0xBF;
                Buffer.BlockCopy(body, 0, withBom, 3, body.Length);
                body = withBom;
            }
            WriteAllBytes(path, body);
        }

        /// <param name="privateFile">Always 0600 (caches hold secrets), instead of keeping an existing file's mode.</param>
        public static void WriteAllBytes(string path, byte[] bytes, bool privateFile = false)
        {
            string full = ResolveLinks(Path.GetFullPath(path));
            string dir = Path.GetDirectoryName(full)!;
            EnsureDirectory(dir);
            string tmp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            bool existed = File.Exists(full);
            try
            {
                using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    FileModes.RestrictToOwner(tmp);
                    fs.Write(bytes, 0, bytes.Length);
                    fs.Flush(true);
                }
                if (existed && !privateFile) FileModes.CopyMode(full, tmp);
                Replace(tmp, full);
            }
            catch
            {
                try { if (File.Exists(tmp)) File.Delete(tmp); } catch { /* best effort */ }
                throw;
            }
        }

        /// <summary>A symlinked file (a dotfiles setup) is written through the link, as the AWS CLI does, not replaced by a file.</summary>
        static string ResolveLinks(string path)
        {
#if NET8_0_OR_GREATER
            try
            {
                var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
                if (target != null) return Path.GetFullPath(target.FullName);
            }
            catch (IOException) { }
#endif
            return path;
        }

        public static void EnsureDirectory(string dir)
        {
            if (Directory.Exists(dir)) return;
            string? parent = Path.GetDirectoryName(dir);
            if (!string.IsNullOrEmpty(parent)) EnsureDirectory(parent!);
            Directory.CreateDirectory(dir);
            FileModes.RestrictDirectoryToOwner(dir);
        }

        static void Replace(string tmp, string target)
        {
#if NET8_0_OR_GREATER
            File.Move(tmp, target, overwrite: true);
#else
            if (File.Exists(target)) File.Replace(tmp, target, null, ignoreMetadataErrors: true);
            else File.Move(tmp, target);
#endif
        }

        /// <summary>Deletes a file if it is there; true when something was deleted.</summary>
        public static bool DeleteIfExists(string path)
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
    }
}
