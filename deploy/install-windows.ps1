# deploy/install-windows.ps1 [-Collector URI]: installs IpLookupSensor as a Windows service.
# Run in an elevated PowerShell from the repository, with the .NET 10 SDK and Npcap installed (https://npcap.com,
# "WinPcap API-compatible mode" on). Safe to run again: the service is stopped, updated and started.
param([string]$Collector = "")
$ErrorActionPreference = "Stop"
$root = Split-Path -Parent $PSScriptRoot
$target = "$env:ProgramFiles\IpLookupSensor"
$config = "$env:ProgramData\IpLookupSensor\config.json"

if (-not ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw "install-windows.ps1: run it from an elevated PowerShell (Run as administrator)"
}
if (-not (Test-Path "$env:SystemRoot\System32\Npcap\wpcap.dll")) {
    throw "install-windows.ps1: Npcap is missing: install it from https://npcap.com with 'WinPcap API-compatible mode'"
}

if (Get-Service IpLookupSensor -ErrorAction SilentlyContinue) { Stop-Service IpLookupSensor }
dotnet publish "$root\src\Sensor" -c Release -r win-x64 --self-contained false -o $target -nologo -v q
if ($LASTEXITCODE -ne 0) { throw "dotnet publish failed" }

New-Item -ItemType Directory -Force (Split-Path $config) | Out-Null
if (-not (Test-Path $config)) {
    $syslog = if ($Collector) { "[ `"$Collector`" ]" } else { "[]" }
    Set-Content -Path $config -Value "{`n  `"Syslog`": $syslog`n}" -Encoding utf8
}
# Only SYSTEM and Administrators may change what the sensor runs with.
icacls (Split-Path $config) /inheritance:r /grant:r "SYSTEM:(OI)(CI)F" "Administrators:(OI)(CI)F" | Out-Null

if (-not (Get-Service IpLookupSensor -ErrorAction SilentlyContinue)) {
    # LocalSystem: Npcap capture, the IP Helper owner tables, other users' process tokens and ETW need it.
    New-Service -Name IpLookupSensor -DisplayName "IpLookupSensor" -StartupType Automatic `
        -BinaryPathName "`"$target\iplookup-sensor.exe`" run --config `"$config`"" `
        -Description "DNS sensor that names the process behind external IP lookups" | Out-Null
    sc.exe failure IpLookupSensor reset= 86400 actions= restart/5000/restart/5000/restart/60000 | Out-Null
}
Start-Service IpLookupSensor
Get-Service IpLookupSensor
Write-Host "Installed. Its log is in the Windows Event Log (Application, source iplookup-sensor); settings in $config."
