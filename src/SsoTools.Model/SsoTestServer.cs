using System;
using System.Collections.Generic;

namespace SsoTools.Model
{
    /// <summary>
    /// An offline IAM Identity Center running inside this PowerShell session (Start-SsoTestServer):
    /// where it listens, the start URL and Region to give New-SsoSession, and its request counters.
    /// </summary>
    public sealed class SsoTestServer
    {
        readonly Func<IReadOnlyDictionary<string, long>>? _counters;

        /// <summary>For scripts and runbook tests: [SsoTools.Model.SsoTestServer]@{ Url = ...; ... } (no live counters).</summary>
        public SsoTestServer() { }

        public SsoTestServer(Func<IReadOnlyDictionary<string, long>> counters) { _counters = counters; }

        /// <summary>http://127.0.0.1:PORT: AWS_ENDPOINT_URL_SSO, _SSO_OIDC, _STS and _SIGNIN point here while it runs.</summary>
        public string Url { get; set; } = "";
        /// <summary>Any https start URL signs in; this is the one to use.</summary>
        public string StartUrl { get; set; } = "";
        public string Region { get; set; } = "us-east-1";
        public int Accounts { get; set; }
        public int RolesPerAccount { get; set; }
        /// <summary>Requests per operation so far (ListAccounts, GetRoleCredentials, CreateToken, AssumeRole, ...), read when asked.</summary>
        public IReadOnlyDictionary<string, long> Counters => _counters?.Invoke() ?? new Dictionary<string, long>();

        public override string ToString() => Url;
    }
}
