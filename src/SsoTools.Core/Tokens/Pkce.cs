using System;
using System.Security.Cryptography;
using System.Text;

namespace SsoTools.Core.Tokens
{
    /// <summary>PKCE (RFC 7636) values as compat.md section 4 gives them.</summary>
    public static class Pkce
    {
        const string VerifierAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

        public static string NewVerifier()
        {
            var bytes = new byte[64];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            var sb = new StringBuilder(64);
            // 66 symbols: modulo bias is negligible for a one-time secret of 64 characters.
            foreach (byte b in bytes) sb.Append(VerifierAlphabet[b % VerifierAlphabet.Length]);
            return sb.ToString();
        }

        public static string Challenge(string verifier)
        {
            using (var sha = SHA256.Create())
                return Base64Url(sha.ComputeHash(Encoding.ASCII.GetBytes(verifier)));
        }

        public static string NewState()
        {
            var bytes = new byte[32];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return Base64Url(bytes);
        }

        public static string Base64Url(byte[] bytes) =>
            Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
