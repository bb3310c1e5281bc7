using System;

namespace SsoTools.Core.Cache
{
    /// <summary>
    /// SHA-1 (FIPS 180-4) of a short input, in managed code. Cache file names are SHA-1 digests (that is
    /// botocore's choice, not a security measure); hashing them here spares a credential_process the
    /// millisecond it takes to load OpenSSL, which .NET's SHA1 on Linux calls into.
    /// </summary>
    internal static class Sha1
    {
        public static byte[] Hash(byte[] data)
        {
            uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
            long bitLength = (long)data.Length * 8;
            int padded = ((data.Length + 8) / 64 + 1) * 64;
            var message = new byte[padded];
            Buffer.BlockCopy(data, 0, message, 0, data.Length);
            message[data.Length] = 0x80;
            for (int i = 0; i < 8; i++) message[padded - 1 - i] = (byte)(bitLength >> (8 * i));
            var w = new uint[80];
            for (int chunk = 0; chunk < padded; chunk += 64)
            {
                for (int i = 0; i < 16; i++)
                    w[i] = (uint)(message[chunk + 4 * i] << 24 | message[chunk + 4 * i + 1] << 16 | message[chunk + 4 * i + 2] << 8 | message[chunk + 4 * i + 3]);
                for (int i = 16; i < 80; i++) w[i] = Rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
                uint a = h0, b = h1, c = h2, d = h3, e = h4;
                for (int i = 0; i < 80; i++)
                {
                    uint f, k;
                    if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
                    else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
                    else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
                    else { f = b ^ c ^ d; k = 0xCA62C1D6; }
                    uint t = Rotl(a, 5) + f + e + k + w[i];
                    e = d; d = c; c = Rotl(b, 30); b = a; a = t;
                }
                h0 += a; h1 += b; h2 += c; h3 += d; h4 += e;
            }
            var digest = new byte[20];
            uint[] h = { h0, h1, h2, h3, h4 };
            for (int i = 0; i < 5; i++)
            {
                digest[4 * i] = (byte)(h[i] >> 24);
                digest[4 * i + 1] = (byte)(h[i] >> 16);
                digest[4 * i + 2] = (byte)(h[i] >> 8);
                digest[4 * i + 3] = (byte)h[i];
            }
            return digest;
        }

        static uint Rotl(uint x, int n) => (x << n) | (x >> (32 - n));
    }
}
