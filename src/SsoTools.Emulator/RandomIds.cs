using System.Security.Cryptography;

namespace SsoTools.Emulator;

/// <summary>
/// Opaque random values. Cryptographic randomness so that concurrent test processes never
/// collide and nobody is tempted to predict or parse a token.
/// </summary>
internal static class RandomIds
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string UpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string SecretChars = Alnum + "+/";
    // User codes avoid vowels and look-alikes, as real device-flow codes do.
    private const string UserCodeChars = "BCDFGHJKLMNPQRSTVWXZ";

    public static string Alphanumeric(int length) => RandomNumberGenerator.GetString(Alnum, length);

    public static string ClientId() => Alphanumeric(22);
    public static string ClientSecret() => "eyJ" + Alphanumeric(157);
    public static string DeviceCode() => Alphanumeric(64);
    public static string AuthorizationCode() => Alphanumeric(48);
    public static string AccessToken() => "aoa" + Alphanumeric(125);
    public static string RefreshToken() => "aor" + Alphanumeric(125);

    public static string UserCode() =>
        RandomNumberGenerator.GetString(UserCodeChars, 4) + "-" + RandomNumberGenerator.GetString(UserCodeChars, 4);

    public static string AccessKeyId() => "ASIA" + RandomNumberGenerator.GetString(UpperAlnum, 16);
    public static string SecretAccessKey() => RandomNumberGenerator.GetString(SecretChars, 40);
    public static string SessionToken() => "IQoJb3JpZ2luX2Vj" + RandomNumberGenerator.GetString(SecretChars, 340);
}
