using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SsoTools.Core.Config;
using SsoTools.Model;

namespace SsoTools.Core.Cache
{
    /// <summary>
    /// What the last listings found (accounts, their names, their roles), per sign-in, kept in
    /// ~/.aws/ssotools/inventory.json for tab completion without a network call. SsoTools' own file:
    /// no AWS tool reads it. Best effort: a failure to read or write it never fails a command.
    /// </summary>
    public sealed class Inventory
    {
        public Inventory(string filePath) { FilePath = filePath; }

        /// <summary>~/.aws/ssotools/inventory.json, with HOME as it is now.</summary>
        public static string DefaultPath => Path.Combine(AwsPaths.Home, ".aws", "ssotools", "inventory.json");

        public string FilePath { get; }

        public sealed class Account
        {
            public string AccountId { get; set; } = "";
            public string? AccountName { get; set; }
            public string Session { get; set; } = "";
            public List<string> Roles { get; } = new List<string>();
        }

        /// <summary>Every account known, each with the sign-in (session name or start URL) that listed it.</summary>
        public List<Account> Read()
        {
            var accounts = new List<Account>();
            try
            {
                using (var doc = JsonCacheFile.TryRead(FilePath))
                {
                    if (doc == null || !doc.RootElement.TryGetProperty("sessions", out var sessions) || sessions.ValueKind != JsonValueKind.Object) return accounts;
                    foreach (var session in sessions.EnumerateObject())
                    {
                        if (session.Value.ValueKind != JsonValueKind.Object) continue;
                        foreach (var a in session.Value.EnumerateObject())
                        {
                            if (a.Value.ValueKind != JsonValueKind.Object) continue;
                            var account = new Account { AccountId = a.Name, Session = session.Name, AccountName = JsonCacheFile.GetString(a.Value, "name") };
                            if (a.Value.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
                                foreach (var r in roles.EnumerateArray())
                                    if (r.ValueKind == JsonValueKind.String) account.Roles.Add(r.GetString()!);
                            accounts.Add(account);
                        }
                    }
                }
            }
            catch (Exception) { /* a completion cache: unreadable means empty */ }
            return accounts;
        }

        /// <summary>The accounts a listing of this sign-in found: replaces that sign-in's list (keeping the roles known for accounts still there).</summary>
        public void RecordAccounts(string session, IEnumerable<SsoAccount> listed) =>
            Update(all =>
            {
                var old = all.Where(a => a.Session == session).ToDictionary(a => a.AccountId, StringComparer.Ordinal);
                all.RemoveAll(a => a.Session == session);
                foreach (var account in listed)
                {
                    var entry = new Account { AccountId = account.AccountId, AccountName = account.AccountName, Session = session };
                    if (old.TryGetValue(account.AccountId, out var known)) entry.Roles.AddRange(known.Roles);
                    all.Add(entry);
                }
            });

        /// <summary>The roles a listing found in one account of this sign-in.</summary>
        public void RecordRoles(string session, IEnumerable<SsoRole> listed) =>
            Update(all =>
            {
                foreach (var group in listed.GroupBy(r => r.AccountId, StringComparer.Ordinal))
                {
                    var entry = all.FirstOrDefault(a => a.Session == session && a.AccountId == group.Key);
                    if (entry == null) all.Add(entry = new Account { AccountId = group.Key, AccountName = group.First().AccountName, Session = session });
                    entry.Roles.Clear();
                    entry.Roles.AddRange(group.Select(r => r.RoleName).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal));
                }
            });

        void Update(Action<List<Account>> change)
        {
            try
            {
                var all = Read();
                change(all);
                var sessions = new List<KeyValuePair<string, object?>>();
                foreach (var session in all.GroupBy(a => a.Session, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var accounts = new List<KeyValuePair<string, object?>>();
                    foreach (var a in session.OrderBy(a => a.AccountId, StringComparer.Ordinal))
                        accounts.Add(new KeyValuePair<string, object?>(a.AccountId, new List<KeyValuePair<string, object?>>
                        {
                            new KeyValuePair<string, object?>("name", a.AccountName),
                            new KeyValuePair<string, object?>("roles", a.Roles),
                        }));
                    sessions.Add(new KeyValuePair<string, object?>(session.Key, accounts));
                }
                JsonCacheFile.Write(FilePath, PythonJson.Dumps(new[] { new KeyValuePair<string, object?>("sessions", sessions) }));
            }
            catch (Exception) { /* never fails the listing it records */ }
        }
    }
}
