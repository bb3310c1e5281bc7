using System;
using System.Security.Cryptography;
using System.Text;

namespace SsoTools.Emulator;

internal static class Pkce
{
    /// <summary>S256: base64url(SHA-256(ASCII verifier)) without padding equals the challenge.</summary>
    public static bool Matches(string verifier, string challenge)
    {
        byte[] hash = SHA256.HashData(Encoding.ASCII.GetBytes(verifier));
        string computed = Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }
}
