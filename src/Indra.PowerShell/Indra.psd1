# The Indra module: the Indra provider (vaults as PowerShell drives) and the *-Indra* cmdlets over Indra's control API.
@{
    RootModule           = 'Indra.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d0f1c7e-3b9a-4c61-9e2f-8a4b7d2c6e10'
    Author               = 'Indra'
    CompanyName          = 'Indra'
    Copyright            = '(c) Indra'
    Description          = 'Indra vaults in PowerShell: the Indra provider (New-PSDrive -PSProvider Indra) and cmdlets for heat, attention, grants, peers, realms, checks and mounts.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('Indra.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-IndraVault', 'Mount-IndraVault', 'Dismount-IndraVault',
        'Get-IndraHeat', 'Get-IndraAttention',
        'Grant-IndraAccess', 'Revoke-IndraAccess', 'Get-IndraGrant',
        'Get-IndraPeer', 'New-IndraInvite', 'Add-IndraPeer', 'Set-IndraPeer',
        'Get-IndraOffer', 'Approve-IndraOffer', 'Deny-IndraOffer',
        'Get-IndraRealm', 'New-IndraRealm',
        'Test-IndraVault', 'Invoke-IndraGarbageCollection'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{ PSData = @{ Tags = @('Indra', 'vault', 'provider', 'FUSE') } }
}
