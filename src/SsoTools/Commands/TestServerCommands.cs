using System;
using System.Collections.Generic;
using System.Management.Automation;
using SsoTools.Core.Errors;
#if NETCOREAPP
using SsoTools.Emulator;
#endif
using SsoTools.Model;

namespace SsoTools.Commands
{
#if NETCOREAPP
    /// <summary>
    /// The one test server of this PowerShell process: the project's own emulator, in-process. While
    /// it runs, the endpoint variables point at it and sign-ins are approved without a browser.
    /// </summary>
    static class TestServerHost
    {
        public const string StartUrl = "https://d-0000000000.awsapps.com/start";
        static readonly string[] Variables = { "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SIGNIN" };
        static readonly object Gate = new object();
        static EmulatorServer? _server;
        static Dictionary<string, string?>? _saved;

        public static bool Running { get { lock (Gate) return _server != null; } }

        /// <summary>The browser every command's SsoContext gets while the server runs: it approves sign-ins itself.</summary>
        public static Core.Net.IBrowser? Browser => Running ? ApprovingBrowser.Instance : null;

        public static SsoTestServer Start(int accounts, string[]? accountIds, int rolesPerAccount, int port)
        {
            lock (Gate)
            {
                if (_server != null) throw new InvalidOperationException("A test server is already running in this session (" + _server.BaseUrl + "). Stop it with Stop-SsoTestServer first.");
                var options = new EmulatorOptions { RolesPerAccount = rolesPerAccount, Port = port };
                if (accountIds != null && accountIds.Length > 0) options.AccountIds = string.Join(",", accountIds);
                options.Accounts = Math.Max(accounts, accountIds?.Length ?? 0);
                var server = EmulatorServer.StartAsync(options).GetAwaiter().GetResult();
                accounts = options.Accounts;
                _saved = new Dictionary<string, string?>();
                foreach (string v in Variables)
                {
                    _saved[v] = Environment.GetEnvironmentVariable(v);
                    Environment.SetEnvironmentVariable(v, server.BaseUrl);
                }
                _server = server;
                return new SsoTestServer(() => server.Counters)
                {
                    Url = server.BaseUrl, StartUrl = StartUrl, Region = "us-east-1", Accounts = accounts, RolesPerAccount = rolesPerAccount,
                };
            }
        }

        /// <summary>False when none was running.</summary>
        public static bool Stop()
        {
            lock (Gate)
            {
                if (_server == null) return false;
                try { _server.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
                finally
                {
                    _server = null;
                    foreach (var kv in _saved!) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
                    _saved = null;
                }
                return true;
            }
        }
    }

#else
    // Windows PowerShell 5.1: the test server is the emulator, which runs on .NET 8 only. The cmdlets
    // exist with the same parameters (so the manifest, help and completion are the same in both
    // editions) and say where they run instead of "not recognized".
    static class TestServerUnavailable
    {
        internal static ErrorRecord Error(string command) => new ErrorRecord(
            new PlatformNotSupportedException(command + " needs PowerShell 7.4 or later: the test server runs on .NET 8, which Windows PowerShell 5.1 does not have."),
            ErrorIds.TestServerNeedsPowerShell7, ErrorCategory.NotImplemented, null)
        {
            ErrorDetails = new ErrorDetails(command + " needs PowerShell 7.4 or later (the test server runs on .NET 8, which Windows PowerShell 5.1 does not have). " +
                "Run the runbook's tests in pwsh; the runbook itself can still run in Windows PowerShell 5.1."),
        };
    }

#endif

    // One set of cmdlets for both editions: the same parameters (manifest, help and completion alike);
    // in Windows PowerShell 5.1 they say where they run instead of "not recognized".
    [Cmdlet(VerbsLifecycle.Start, "SsoTestServer")]
    [OutputType(typeof(SsoTestServer))]
    public sealed class StartSsoTestServerCommand : PSCmdlet
    {
        /// <summary>How many AWS accounts the signed-in user can reach.</summary>
        [Parameter] [ValidateRange(0, 10000)] public int Accounts { get; set; } = 3;

        /// <summary>The 12-digit IDs of the first accounts (the others get generated IDs): for runbooks that name real-looking accounts.</summary>
        [Parameter] [ValidatePattern("^[0-9]{12}$")] public string[]? AccountId { get; set; }

        /// <summary>How many roles each account has for the user.</summary>
        [Parameter] [ValidateRange(1, 50)] public int RolesPerAccount { get; set; } = 2;

        /// <summary>The port on 127.0.0.1; 0 (the default) takes a free one.</summary>
        [Parameter] [ValidateRange(0, 65535)] public int Port { get; set; }

#if NETCOREAPP
        protected override void ProcessRecord()
        {
            int accounts = MyInvocation.BoundParameters.ContainsKey(nameof(Accounts)) || AccountId == null ? Accounts : 0;
            try { WriteObject(TestServerHost.Start(accounts, AccountId, RolesPerAccount, Port)); }
            catch (InvalidOperationException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.TestServerRunning, ErrorCategory.ResourceExists, null));
            }
            catch (System.Net.HttpListenerException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.TestServerPortUnavailable, ErrorCategory.ResourceUnavailable, Port)
                { ErrorDetails = new ErrorDetails($"The test server could not listen on 127.0.0.1:{Port}: {ex.Message}. Leave -Port out to take a free port.") });
            }
        }
#else
        protected override void BeginProcessing() => ThrowTerminatingError(TestServerUnavailable.Error("Start-SsoTestServer"));
#endif
    }

    [Cmdlet(VerbsLifecycle.Stop, "SsoTestServer")]
    public sealed class StopSsoTestServerCommand : PSCmdlet
    {
#if NETCOREAPP
        protected override void EndProcessing()
        {
            if (!TestServerHost.Stop()) WriteVerbose("No test server was running.");
        }
#else
        protected override void BeginProcessing() => ThrowTerminatingError(TestServerUnavailable.Error("Stop-SsoTestServer"));
#endif
    }
}
