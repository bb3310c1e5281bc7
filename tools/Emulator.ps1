# Starting and stopping the emulator as a process: shared by build.ps1 (Demo), the Pester suite
# and the benchmarks. Dot-source it. The emulator prints 'SsoTools.Emulator listening on URL'
# first, and stops when its standard input closes.

function Start-SsoEmulator {
    param([Parameter(Mandatory)] [string] $Dll, [string[]] $Arguments = @())
    if (-not (Test-Path $Dll)) { throw "The emulator is not built: $Dll (dotnet build src/SsoTools.Emulator -c Release)" }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($Dll, '--port', '0') + $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($psi)
    $line = $p.StandardOutput.ReadLine()
    if ($line -notmatch 'listening on (http://\S+)') { $p.Kill(); throw "The emulator did not start: $line" }
    [pscustomobject]@{ Process = $p; Url = $Matches[1] }
}

function Stop-SsoEmulator($Emulator) {
    if (-not $Emulator) { return }
    try { $Emulator.Process.StandardInput.Close() } catch { }
    if (-not $Emulator.Process.WaitForExit(5000)) { $Emulator.Process.Kill() }
}
