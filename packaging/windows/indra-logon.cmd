@echo off
rem Started minimized at each user's logon by the Run value "Indra" under HKLM\Software\Microsoft\Windows\CurrentVersion\Run
rem that the Indra MSI writes (feature AutoMount). Creates the user's vault if there is none and mounts it in the
rem foreground; closing the window or 'indra unmount' ends the mount. The vault is %INDRA_VAULT%, else
rem %XDG_DATA_HOME%\indra\vault, else %USERPROFILE%\.local\share\indra\vault (as 'indra --help' says); the mount
rem point is %INDRA_MOUNT%, else %USERPROFILE%\Indra.
setlocal
set "vault=%INDRA_VAULT%"
if "%vault%"=="" if not "%XDG_DATA_HOME%"=="" set "vault=%XDG_DATA_HOME%\indra\vault"
if "%vault%"=="" set "vault=%USERPROFILE%\.local\share\indra\vault"
set "mountpoint=%INDRA_MOUNT%"
if "%mountpoint%"=="" set "mountpoint=%USERPROFILE%\Indra"
if not exist "%vault%\vault.db" "%~dp0indra.exe" init --vault "%vault%" || exit /b 1
"%~dp0indra.exe" mount "%mountpoint%" --vault "%vault%"
