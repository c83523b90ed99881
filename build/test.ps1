# Runs the ProjFS host's tests on Windows, where the backend-parameterised fixtures also run over native ProjFS
# (ProjectedFSLib.dll and the prjflt driver) instead of only over the emulator.
# Needs: Windows 10 1809+ (or Server with Desktop Experience), the .NET SDK of global.json, and the optional feature
# Client-ProjFS enabled (elevated: Enable-WindowsOptionalFeature -Online -FeatureName Client-ProjFS -NoRestart; reboot
# if asked). Run from anywhere:  powershell -ExecutionPolicy Bypass -File build\test.ps1 [extra dotnet test arguments]
# Exit code: that of dotnet test (non-zero when a test failed). Tests the machine cannot run report as Skipped.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')

if (-not $IsWindows -and $PSVersionTable.PSEdition -eq 'Core') {
    Write-Warning 'not Windows: the native ProjFS fixtures will report as skipped'
}
elseif (-not (Test-Path (Join-Path $env:SystemRoot 'System32\ProjectedFSLib.dll'))) {
    Write-Warning 'ProjectedFSLib.dll is missing: enable Client-ProjFS (see docs/windows.md); the native fixtures will report as skipped'
}

$project = 'tests/Indra.Platform.ProjFS.Tests'
dotnet restore $project
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet build $project -c Release --no-restore -nologo -v quiet
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet test $project -c Release --no-build -nologo --logger 'console;verbosity=normal' @args
exit $LASTEXITCODE
