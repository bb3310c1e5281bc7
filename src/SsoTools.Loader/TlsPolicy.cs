using System.Net;

namespace SsoTools.Loader
{
    /// <summary>
    /// .NET Framework in Windows PowerShell 5.1 may allow only SSL 3 and TLS 1.0 (powershell.exe
    /// targets .NET 4.0, so without SchUseStrongCrypto those are its defaults), and AWS endpoints need
    /// TLS 1.2: "Could not create SSL/TLS secure channel". When the process names its protocols, TLS
    /// 1.2 is added and SSL 3 taken out; "SystemDefault" (0: the OS decides, .NET 4.7+) is left alone.
    /// TLS 1.3 is not forced: on Windows versions whose SChannel lacks it, asking for it fails the
    /// handshake, and the OS default already offers it where it exists.
    /// </summary>
    public static class TlsPolicy
    {
        const int Ssl3 = 48, Tls12 = 3072;

        public static int Widen(int current) => current == 0 ? 0 : (current | Tls12) & ~Ssl3;

        internal static void Apply()
        {
            int current = (int)ServicePointManager.SecurityProtocol;
            int widened = Widen(current);
            if (widened != current) ServicePointManager.SecurityProtocol = (SecurityProtocolType)widened;
        }
    }
}
