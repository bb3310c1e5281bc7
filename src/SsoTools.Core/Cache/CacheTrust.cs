using System;
using System.IO;
using SsoTools.Core.IO;

namespace SsoTools.Core.Cache
{
    /// <summary>
    /// Whether cached role credentials may be believed, as ssh believes a key file: on Unix the file
    /// must belong to this user and be writable by no one else, and its folder must belong to this
    /// user (or root) and not be writable by every user. Otherwise another local user could plant
    /// credentials of their choosing (their own account, logged by them) for SsoTools to hand out.
    /// A group-writable folder is allowed: Debian and Ubuntu's user-private groups with umask 002
    /// make ~/.aws/cli/cache so, and a file planted there still belongs to someone else. Windows: the
    /// folder's ACL decides (SsoTools' folders are owner-only); no check here.
    /// </summary>
    internal static class CacheTrust
    {
        const int GroupOrOtherWrite = 0x12, OtherWrite = 0x2;

        /// <summary>Why the file must not be used, or null when it may.</summary>
        public static string? WhyNot(string path)
        {
            uint? me = FileOwner.EffectiveUid();
            var file = FileOwner.Stat(path);
            if (me == null || file == null) return null;
            if (file.Value.Uid != me.Value)
                return $"it belongs to {FileOwner.Describe(path) ?? "another user"}, not to you";
            if ((file.Value.Mode & GroupOrOtherWrite) != 0)
                return "other users may write it (its mode lets group or others write)";
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            var folder = dir == null ? null : FileOwner.Stat(dir);
            if (folder != null)
            {
                if (folder.Value.Uid != me.Value && folder.Value.Uid != 0)
                    return $"its folder {dir} belongs to {FileOwner.Describe(dir!) ?? "another user"}";
                if ((folder.Value.Mode & OtherWrite) != 0)
                    return $"every user may write its folder {dir}";
            }
            return null;
        }

        /// <summary>"arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION" names the account and role it was issued for.</summary>
        public static bool AssumedRoleMatches(string assumedRoleArn, string accountId, string roleName)
        {
            string[] p = assumedRoleArn.Split(':');
            if (p.Length < 6 || p[2] != "sts") return false;
            const string Prefix = "assumed-role/";
            string resource = string.Join(":", p, 5, p.Length - 5);
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal)) return false;
            string rest = resource.Substring(Prefix.Length);
            int slash = rest.IndexOf('/');
            string role = slash < 0 ? rest : rest.Substring(0, slash);
            return p[4] == accountId && role == roleName;
        }
    }
}
