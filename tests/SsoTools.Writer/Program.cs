using System;
using SsoTools.Core.Cache;
using SsoTools.Core.Config;
using SsoTools.Model;

// Usage: SsoTools.Writer <config> <token file> <role-credential file>
// Prints "ready", then rewrites all three files until it is killed. Each version is whole and
// self-consistent: the config's [profile crash] and both cache files carry the same counter.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: SsoTools.Writer <config> <token file> <role-credential file>");
    return 2;
}
string config = args[0], tokenPath = args[1], credPath = args[2];
var tokens = new TokenCache(System.IO.Path.GetDirectoryName(tokenPath)!);
var credentials = new RoleCredentialCache(System.IO.Path.GetDirectoryName(credPath)!);
// Go on from the version on disk, so versions only ever grow across kills.
long start = long.TryParse(ConfigDocument.Load(config).GetValue("profile crash", "sso_account_id"), out long found) ? found : 0;
Console.WriteLine("ready");
Console.Out.Flush();
for (long i = start + 1; ; i++)
{
    string n = i.ToString("D12");
    var doc = ConfigDocument.Load(config);
    doc.SetValue("profile crash", "sso_account_id", n);
    // The file grows and shrinks, so a torn write would show as a wrong length too.
    if (i % 2 == 0) doc.SetValue("profile crash-padding", "note", new string('p', (int)(i % 4096)));
    else doc.RemoveSection("profile crash-padding");
    doc.Save();
    tokens.Save(tokenPath, new CachedToken
    {
        StartUrl = "https://d-123.awsapps.com/start",
        Region = "us-east-1",
        AccessToken = "aoa" + n + new string('t', 113),
        ExpiresAt = new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        ClientId = "client",
        ClientSecret = "secret" + n,
        RegistrationExpiresAt = new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        RefreshToken = "aor" + n,
    });
    credentials.Save(credPath, new SsoRoleCredential
    {
        AccessKeyId = "ASIA" + n + "AAAA",
        SecretAccessKey = new string('s', 28) + n,
        SessionToken = new string('T', 300) + n,
        Expiration = new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        AccountId = n,
    });
}
