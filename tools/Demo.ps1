<#
.SYNOPSIS
    The walk-through behind 'build.ps1 Demo': the whole SsoTools flow against the local emulator,
    in a sandbox HOME (SSOTOOLS_DEMO_HOME) so the user's real ~/.aws is never read or written.
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'

$sandbox = $env:SSOTOOLS_DEMO_HOME
$endpoint = $env:SSOTOOLS_DEMO_ENDPOINT
if (-not $sandbox -or -not $endpoint) { throw 'Run this through build.ps1 Demo.' }

# The sandbox: its own HOME and config file; the AWS SDK (and botocore) pointed at the emulator.
$env:HOME = $sandbox
$env:USERPROFILE = $sandbox
$env:AWS_CONFIG_FILE = Join-Path $sandbox '.aws/config'
$env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $sandbox '.aws/credentials'
$env:AWS_ENDPOINT_URL_SSO = $endpoint
$env:AWS_ENDPOINT_URL_SSO_OIDC = $endpoint
$env:AWS_ENDPOINT_URL_STS = $endpoint      # STS AssumeRole, for a chained profile
$env:AWS_ENDPOINT_URL_SIGNIN = $endpoint   # the console federation endpoint
Remove-Item Env:AWS_PROFILE, Env:AWS_DEFAULT_PROFILE -ErrorAction SilentlyContinue
# A headless "browser" that signs in as the emulator's user: it follows the authorize redirect
# back to SsoTools' loopback listener, exactly as a real browser would after the user approves.
$browser = Join-Path $sandbox 'browser.sh'
Set-Content -Path $browser -Value "#!/bin/sh`nexec curl -s -L -o /dev/null --max-time 20 `"`$1`"`n" -NoNewline
if (-not $IsWindows) { chmod +x $browser }
$env:BROWSER = $browser

Import-Module (Join-Path $ModulePath 'SsoTools.psd1') -Force

function Step([string] $Title, [scriptblock] $Block) {
    Write-Host ''
    Write-Host "### $Title" -ForegroundColor Green
    Write-Host ("PS> " + $Block.ToString().Trim()) -ForegroundColor DarkGray
    $result = & $Block
    $result | Out-Host
    return $result
}

$null = Step 'Create an sso-session (like aws configure sso-session)' {
    New-SsoSession -Name demo -StartUrl https://d-1234567890.awsapps.com/start -Region us-east-1
}
$token = Step 'Sign in with the browser (authorization code + PKCE)' {
    Invoke-SsoLogin -SessionName demo
}
$accounts = Step 'The accounts you can reach' { $token | Get-SsoAccount }
$roles = Step 'Their roles' { $accounts | Get-SsoRole }
$null = Step 'One profile per role, in one write of ~/.aws/config' {
    $roles | Set-SsoProfile -NameTemplate '{AccountName}.{RoleName}' -Region eu-west-1
}
$null = Step 'The whole thing as one pipeline (already signed in: no browser this time)' {
    Get-SsoSession -Name demo | Invoke-SsoLogin | Get-SsoAccount | Get-SsoRole | Set-SsoProfile -NameTemplate '{AccountId}-{RoleName}'
}
$null = Step 'Sessions and their sign-in state' { Get-SsoSession }
$null = Step 'The SSO profiles' { Get-SsoProfile -Name 'account-*' }
$null = Step 'Role credentials for a profile (cached in ~/.aws/cli/cache, shared with the AWS CLI; secrets hidden from the view)' {
    Get-SsoRoleCredential -ProfileName account-001.ReadOnly
}
$null = Step 'The same credentials for other tools, as aws configure export-credentials prints them' {
    (Export-SsoCredential -ProfileName account-001.ReadOnly -Format Env) -replace '(SECRET_ACCESS_KEY|SESSION_TOKEN)=.*', '$1=<redacted for the demo>'
}
$null = Step 'Only inside a script block: AWS_PROFILE and the keys, restored afterwards' {
    Use-SsoProfile -ProfileName account-002.Admin -Credentials -ScriptBlock { "inside: AWS_PROFILE=$env:AWS_PROFILE AWS_REGION=$env:AWS_REGION key=$env:AWS_ACCESS_KEY_ID" }
    "after:  AWS_PROFILE=$env:AWS_PROFILE"
}
$null = Step 'A profile that chains a role off an SSO profile: STS AssumeRole, cached where the AWS CLI caches it' {
    Add-Content $env:AWS_CONFIG_FILE "`n[profile deploy]`nrole_arn = arn:aws:iam::100000000002:role/Deploy`nsource_profile = account-001.ReadOnly`nregion = eu-central-1"
    Get-SsoRoleCredential -ProfileName deploy | Format-List AccessKeyId, AccountId, RoleName, RoleArn, Region
}
$null = Step 'The console, signed in as that role (the URL itself is a hidden property: a secret for 15 minutes)' {
    Get-SsoConsoleUrl -ProfileName deploy -Destination ec2
}
$null = Step 'credential_process for tools that know nothing else: the native helper inside the module' {
    Set-SsoProfile -Name account-001.ReadOnly -SessionName demo -CredentialProcess | Select-Object ProfileName, CredentialProcess | Format-List
    $line = (Get-SsoProfile -Name account-001.ReadOnly).CredentialProcess
    if ($line -notmatch 'ssotools-credential-process') { '(no native helper for this platform: the line runs pwsh)'; return }
    $helper = ($line -split "'")[1]  # the POSIX line single-quotes each path
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $json = & $helper --profile account-001.ReadOnly | ConvertFrom-Json
    "helper answered in {0:n1} ms: Version {1}, AccessKeyId {2}" -f $sw.Elapsed.TotalMilliseconds, $json.Version, $json.AccessKeyId
}
$null = Step 'The token (refreshed automatically when due)' { Get-SsoToken -SessionName demo }

Write-Host ''
Write-Host '### Credentials: boto3 (the AWS CLI''s engine) uses the profile SsoTools wrote' -ForegroundColor Green
$py = "import boto3; c = boto3.Session(profile_name='account-001.ReadOnly').get_credentials().get_frozen_credentials(); print('boto3 got access key', c.access_key)"
if (Get-Command python3 -ErrorAction SilentlyContinue) {
    & python3 -c $py
    if ($LASTEXITCODE -ne 0) { throw 'boto3 could not use the profile.' }
}
else { Write-Host '(python3 not found: skipped)' }

Write-Host ''
Write-Host '### The config file SsoTools wrote' -ForegroundColor Green
Get-Content $env:AWS_CONFIG_FILE | Select-Object -First 16 | Out-Host
Write-Host '...'
Write-Host ''
$null = Step 'Sign out: server Logout, the token and the cached role credentials are dropped' { Invoke-SsoLogout -SessionName demo -PassThru }
$null = Step 'Signed out' { Get-SsoSession }
Write-Host 'Demo finished: session, login, accounts, roles, profiles, credentials, role chaining, the console, the credential helper and logout all worked.' -ForegroundColor Green
