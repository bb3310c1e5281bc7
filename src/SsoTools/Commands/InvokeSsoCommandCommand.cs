using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using SsoTools.Model;

namespace SsoTools.Commands
{
    /// <summary>
    /// Runs a script block once per role, in parallel, each run with that role's credentials. Each run
    /// is a pwsh process of its own with the credentials in its own environment: the environment is
    /// per process, so runs in runspaces of one process could not give native commands (aws,
    /// terraform, python3) different credentials at the same time. Output objects come back
    /// serialized (as from a remote session), tagged with AccountId, AccountName and RoleName.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SsoCommand")]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeSsoCommandCommand : RoleCredentialCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public ScriptBlock ScriptBlock { get; set; } = null!;

        /// <summary>Not positional here: the script block is.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public override string? ProfileName { get; set; }

        /// <summary>Values for the block's param() or $args, the same for every role.</summary>
        [Parameter] public object[]? ArgumentList { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Not AccountName: a piped SsoRole carries it, for the output's tags.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? AccountName { get; set; }

        readonly List<Run> _runs = new List<Run>();

        /// <summary>Windows only: the job that holds every run's process tree (null elsewhere, or when Windows refused one).</summary>
        Core.IO.ProcessJob? _job;
        bool _noJob;

        sealed class Run
        {
            public Core.Resolution.CredentialPlan Plan = null!;
            public SsoRoleCredential Credential = null!;
            public string? AccountName;
            public Process? Process;
            public Task<string>? Stdout;
            public Task<string>? Stderr;
        }

        protected override void ProcessRecord()
        {
            try
            {
                // Credentials now (cached ones cost a file read): a role that cannot get any fails here, before
                // anything runs. The runs start in EndProcessing, in parallel; a run that starts late gets
                // fresh credentials then (Start), so no run begins with credentials about to expire.
                var plan = ResolvePlan();
                var credential = FetchCredential(plan, Force);
                _runs.Add(new Run { Plan = plan, Credential = credential, AccountName = AccountName });
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                WriteFailure(ex);
            }
        }

        protected override void EndProcessing()
        {
            string script = Wrapper();
            var pending = new Queue<Run>(_runs);
            var running = new List<Run>();
            try
            {
                while (pending.Count > 0 || running.Count > 0)
                {
                    while (pending.Count > 0 && running.Count < ThrottleLimit)
                    {
                        var run = pending.Dequeue();
                        try
                        {
                            // Fetched when the role arrived; a long queue (many roles, a low -ThrottleLimit) may have aged them.
                            if (run.Credential.Expiration.ToUniversalTime() - DateTime.UtcNow < Core.Credentials.RoleCredentialService.ReuseWindow)
                                run.Credential = FetchCredential(run.Plan, force: false);
                        }
                        catch (Exception ex) when (IsCoreFailure(ex))
                        {
                            WriteFailure(ex);
                            continue;
                        }
                        try { Start(run, script); }
                        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception || ex is IOException || ex is InvalidOperationException)
                        {
                            WriteError(new ErrorRecord(ex, Core.Errors.ErrorIds.ScriptBlockFailed, ErrorCategory.ResourceUnavailable, run.Credential.RoleName + "@" + run.Credential.AccountId)
                            { ErrorDetails = new ErrorDetails($"Could not start pwsh for {run.Credential.RoleName} in {run.Credential.AccountId}: {ex.Message}") });
                            continue;
                        }
                        running.Add(run);
                    }
                    if (running.Count == 0) continue;
                    var tasks = running.ConvertAll(r => (Task)r.Stdout!);
                    int done = Task.WaitAny(tasks.ToArray(), 250);
                    if (Cancellation.IsCancellationRequested) throw new PipelineStoppedException();
                    if (done < 0) continue;
                    var finished = running[done];
                    running.RemoveAt(done);
                    Collect(finished);
                }
            }
            finally
            {
                // Stopped (Ctrl+C) or failed: the runs still going end, with whatever they started.
                if (running.Count > 0) _job?.Terminate();
                _job?.Release();
                _job = null;
                foreach (var r in running)
                    try
                    {
                        if (r.Process != null && !r.Process.HasExited)
#if NETCOREAPP
                            r.Process.Kill(entireProcessTree: true);
#else
                            r.Process.Kill();
#endif
                    }
                    catch { /* gone already */ }
            }
        }

        /// <summary>Starts each line that carries a serialized object; anything else the child printed (Write-Host) is text.</summary>
        const string Marker = "SSOTOOLS-OBJ:";

        /// <summary>The child's script: the block, its arguments, every output serialized one per line (errors too).</summary>
        string Wrapper()
        {
            string block = Convert.ToBase64String(Encoding.UTF8.GetBytes(ScriptBlock.ToString()));
            string args = Convert.ToBase64String(Encoding.UTF8.GetBytes(PSSerializer.Serialize(ArgumentList ?? Array.Empty<object>())));
            return "$ErrorActionPreference = 'Continue'; $ProgressPreference = 'SilentlyContinue'; if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }\n" +
                   "$__block = [scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('" + block + "')))\n" +
                   "$__args = @([System.Management.Automation.PSSerializer]::Deserialize([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('" + args + "'))))\n" +
                   "& $__block @__args *>&1 | ForEach-Object { '" + Marker + "' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([System.Management.Automation.PSSerializer]::Serialize($_, 2))) }\n";
        }

        void Start(Run run, string script)
        {
            var (exe, leading) = PwshLauncher.For(this);
            var psi = new ProcessStartInfo(exe)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };
            var arguments = new List<string>(leading);
            // Only a fixed bootstrap is on the command line (readable by every local user); the block and
            // its arguments come through standard input.
            const string Bootstrap = "$__s = [Console]::In.ReadToEnd(); . ([scriptblock]::Create($__s))";
            arguments.AddRange(new[] { "-NoProfile", "-NonInteractive", "-EncodedCommand", Convert.ToBase64String(Encoding.Unicode.GetBytes(Bootstrap)) });
            psi.Arguments = string.Join(" ", arguments.ConvertAll(Core.IO.WindowsArgument.Quote));

            // This role's credentials, and nothing that would point the child's tools elsewhere.
            var c = run.Credential;
            foreach (var kv in Core.Formats.AwsEnvironment.For(null, c))
            {
                if (kv.Value == null) psi.Environment.Remove(kv.Key);
                else psi.Environment[kv.Key] = kv.Value;
            }
            psi.Environment["SSOTOOLS_ACCOUNT_ID"] = c.AccountId;
            psi.Environment["SSOTOOLS_ROLE_NAME"] = c.RoleName;

            WriteVerbose($"Running the block for {c.RoleName} in {c.AccountId}.");
            run.Process = Process.Start(psi)!;
            // Windows: the child and whatever it starts (aws.exe, terraform.exe) go into one kill-on-close job.
            if (_job == null && !_noJob) { _job = Core.IO.ProcessJob.Create(); _noJob = _job == null; }
            _job?.Add(run.Process);
            run.Process.StandardInput.Write(script);
            run.Process.StandardInput.Close();
            run.Stdout = run.Process.StandardOutput.ReadToEndAsync();
            run.Stderr = run.Process.StandardError.ReadToEndAsync();
        }

        void Collect(Run run)
        {
            var c = run.Credential;
            run.Process!.WaitForExit();
            foreach (string line in run.Stdout!.Result.Split('\n'))
            {
                string text = line.Trim();
                if (text.Length == 0) continue;
                object item = text; // a line the child printed by itself (Write-Host, a native command's own output)
                if (text.StartsWith(Marker, StringComparison.Ordinal))
                {
                    try { item = PSSerializer.Deserialize(Encoding.UTF8.GetString(Convert.FromBase64String(text.Substring(Marker.Length)))); }
                    catch (Exception) { item = text; }
                }
                Route(PSObject.AsPSObject(item), c, run.AccountName);
            }
            string stderr = run.Stderr!.Result.Trim();
            if (stderr.StartsWith("#< CLIXML", StringComparison.Ordinal))
            {
                // pwsh with redirected input reports its own streams as CLIXML on stderr.
                try
                {
                    foreach (var record in PSSerializer.DeserializeAsList(stderr.Substring("#< CLIXML".Length).Trim()))
                        Route(PSObject.AsPSObject(record), c, run.AccountName);
                    stderr = "";
                }
                catch (Exception) { /* keep it as text */ }
            }
            if (run.Process.ExitCode != 0 || stderr.Length > 0)
            {
                WriteError(new ErrorRecord(new InvalidOperationException(stderr.Length > 0 ? stderr : "exit code " + run.Process.ExitCode),
                    "ScriptBlockFailed", ErrorCategory.NotSpecified, c.RoleName + "@" + c.AccountId)
                {
                    ErrorDetails = new ErrorDetails($"The block for {c.RoleName} in {c.AccountId} failed (exit code {run.Process.ExitCode})" + (stderr.Length > 0 ? ": " + stderr : ".")),
                });
            }
            run.Process.Dispose();
        }

        /// <summary>The block's streams come back as records: errors, warnings, verbose and host output go to this cmdlet's streams, the rest is output.</summary>
        void Route(PSObject pso, SsoRoleCredential c, string? accountName)
        {
            string where = c.RoleName + "@" + c.AccountId;
            if (Is(pso, "ErrorRecord"))
            {
                string message = pso.Properties["Exception"]?.Value?.ToString() ?? pso.ToString();
                WriteError(new ErrorRecord(new RemoteException(message), Core.Errors.ErrorIds.ScriptBlockError, ErrorCategory.NotSpecified, where)
                { ErrorDetails = new ErrorDetails($"{c.RoleName} in {c.AccountId}: {pso}") });
            }
            else if (Is(pso, "WarningRecord")) WriteWarning($"{where}: {pso.Properties["Message"]?.Value ?? pso}");
            else if (Is(pso, "VerboseRecord")) WriteVerbose($"{where}: {pso.Properties["Message"]?.Value ?? pso}");
            else if (Is(pso, "DebugRecord")) WriteDebug($"{where}: {pso.Properties["Message"]?.Value ?? pso}");
            else if (Is(pso, "InformationRecord"))
                WriteInformation(new InformationRecord(pso.Properties["MessageData"]?.Value?.ToString() ?? pso.ToString(), where), new[] { "PSHOST" });
            else
            {
                Tag(pso, c, accountName);
                WriteObject(pso);
            }
        }

        static bool Is(PSObject pso, string record) =>
            pso.TypeNames.Contains("System.Management.Automation." + record) || pso.TypeNames.Contains("Deserialized.System.Management.Automation." + record);

        static void Tag(PSObject pso, SsoRoleCredential c, string? accountName)
        {
            foreach (var pair in new[] { ("AccountId", (object?)c.AccountId), ("AccountName", accountName), ("RoleName", c.RoleName) })
            {
                if (pso.Properties[pair.Item1] == null) pso.Properties.Add(new PSNoteProperty(pair.Item1, pair.Item2));
            }
        }

    }
}
