<#
.SYNOPSIS
    A runbook: the ReadOnly role of every account an sso-session reaches, with when its credentials
    expire. It stops with a clear message when the session is not signed in, rather than failing
    halfway through the accounts.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $SessionName,
    [string] $RoleName = 'ReadOnly'
)
$ErrorActionPreference = 'Stop'

$session = Get-SsoSession -Name $SessionName
if ("$($session.LoginState)" -notin 'LoggedIn', 'ExpiredRefreshable') {
    throw "Not signed in to '$SessionName': run Invoke-SsoLogin -SessionName $SessionName first."
}

foreach ($role in Get-SsoAccount -SessionName $SessionName | Get-SsoRole -RoleName $RoleName) {
    $credential = $role | Get-SsoRoleCredential
    [pscustomobject]@{
        AccountId   = $role.AccountId
        AccountName = $role.AccountName
        RoleName    = $role.RoleName
        ExpiresAt   = $credential.Expiration
    }
}
