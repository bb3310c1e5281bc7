<#
.SYNOPSIS
    SsoTools benchmarks. Run through 'build.ps1 Bench'. Writes bench/results/latest.json and
    appends a line to bench/results/history.jsonl, and prints a table.
.DESCRIPTION
    Each measurement is the median of N whole-process runs (wall clock), so the numbers include
    what a user waits for. Ratios are against a bare 'pwsh -NoProfile -Command 1' measured in the
    same run, which cancels out most of the machine's speed.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Pwsh,
    [int] $Runs = 15
)
$ErrorActionPreference = 'Stop'
$pwshCmd = $Pwsh -split "`n"
$manifest = Join-Path (Resolve-Path $ModulePath) 'SsoTools.psd1'

function Measure-Process([string] $Name, [string] $Command, [int] $Count = $Runs) {
    $times = [System.Collections.Generic.List[double]]::new()
    # One warm-up run: disk cache and JIT of pwsh itself are not what is measured.
    & $pwshCmd[0] @($pwshCmd | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command | Out-Null
    for ($i = 0; $i -lt $Count; $i++) {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        & $pwshCmd[0] @($pwshCmd | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command | Out-Null
        $sw.Stop()
        if ($LASTEXITCODE -ne 0) { throw "$Name failed (exit $LASTEXITCODE)" }
        $times.Add($sw.Elapsed.TotalMilliseconds)
    }
    $sorted = $times | Sort-Object
    [pscustomobject]@{ Name = $Name; MedianMs = [math]::Round($sorted[[int][math]::Floor($sorted.Count / 2)], 1); MinMs = [math]::Round($sorted[0], 1); Runs = $Count }
}

$baseline = Measure-Process 'pwsh -NoProfile -Command 1' '1'
$import = Measure-Process 'Import-Module SsoTools' "Import-Module '$manifest'"
$importAndList = Measure-Process 'Import-Module SsoTools; Get-SsoProfile (empty config)' "`$env:AWS_CONFIG_FILE = [IO.Path]::GetTempFileName(); Import-Module '$manifest'; Get-SsoProfile | Out-Null"

$rows = @($baseline, $import, $importAndList) | ForEach-Object {
    $_ | Add-Member -NotePropertyName RatioToBarePwsh -NotePropertyValue ([math]::Round($_.MedianMs / $baseline.MedianMs, 3)) -PassThru
}
$importCostMs = [math]::Round($import.MedianMs - $baseline.MedianMs, 1)

$result = [ordered]@{
    Date = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
    Machine = "$([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)"
    PowerShell = $PSVersionTable.PSVersion.ToString()
    ImportCostMs = $importCostMs
    ImportRatio = ($rows | Where-Object Name -eq 'Import-Module SsoTools').RatioToBarePwsh
    Measurements = $rows
}
$dir = Join-Path $PSScriptRoot 'results'
$null = New-Item -ItemType Directory -Force $dir
$result | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $dir 'latest.json') -Encoding utf8
($result | ConvertTo-Json -Depth 5 -Compress) | Add-Content (Join-Path $dir 'history.jsonl') -Encoding utf8

$rows | Format-Table Name, MedianMs, MinMs, RatioToBarePwsh, Runs -AutoSize | Out-Host
Write-Host "Import-Module SsoTools costs $importCostMs ms over a bare pwsh (ratio $($result.ImportRatio))."
