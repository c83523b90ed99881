<#
Writes the Indra module's help, MODULE/en-US/Indra.dll-Help.xml (MAML), from two sources so that it cannot drift from
the code: Indra.dll's XML documentation (MODULE/Indra.xml: each cmdlet class's summary and <example>s, each parameter
property's summary) and the cmdlets' metadata as PowerShell sees it (Get-Command: parameter sets, types, positions,
pipeline input). Run by build/module.sh after publishing:  pwsh -File New-IndraHelp.ps1 -ModuleDirectory MODULE
#>
param([Parameter(Mandatory)] [string] $ModuleDirectory)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module (Join-Path $ModuleDirectory 'Indra.psd1') -PassThru -Force
[xml] $docs = Get-Content -Raw (Join-Path $ModuleDirectory 'Indra.xml')
$members = @{}
foreach ($member in $docs.SelectNodes('/doc/members/member')) { $members[$member.GetAttribute('name')] = $member }

# The text of a documentation element: <see cref> as the member's last name, <c> and <paramref> as their text.
function Get-DocText($node) {
    if ($null -eq $node) { return '' }
    $text = [Text.StringBuilder]::new()
    foreach ($child in $node.ChildNodes) {
        if ($child.NodeType -eq 'Text') { [void] $text.Append($child.Value) }
        elseif ($child.LocalName -eq 'see') { [void] $text.Append(($child.GetAttribute('cref') -split '[.:]')[-1]) }
        elseif ($child.LocalName -eq 'paramref') { [void] $text.Append($child.GetAttribute('name')) }
        elseif ($child.NodeType -eq 'Element') { [void] $text.Append((Get-DocText $child)) }
    }
    ($text.ToString() -replace '\s+', ' ').Trim()
}

$shouldProcess = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$common = [System.Management.Automation.Cmdlet]::CommonParameters

function Get-ParameterText($command, [string] $name) {
    if ($shouldProcess.ContainsKey($name)) { return $shouldProcess[$name] }
    $property = $command.ImplementingType.GetProperty($name)
    $doc = $members["P:$($property.DeclaringType.FullName).$name"]
    if ($null -eq $doc) { throw "$($command.Name) -$name has no XML documentation" }
    Get-DocText $doc.SelectSingleNode('summary')
}

# A type's name as help shows it: DateTime for Nullable<DateTime>.
function Get-TypeName([type] $type) {
    $underlying = [Nullable]::GetUnderlyingType($type)
    if ($underlying) { $underlying.Name } else { $type.Name }
}

function Get-PipelineText($parameter) {
    $ways = @()
    if ($parameter.ValueFromPipeline) { $ways += 'ByValue' }
    if ($parameter.ValueFromPipelineByPropertyName) { $ways += 'ByPropertyName' }
    if ($ways) { "True ($($ways -join ', '))" } else { 'False' }
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$target = Join-Path $ModuleDirectory 'en-US'
New-Item -ItemType Directory -Force $target | Out-Null
$settings = [Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$writer = [Xml.XmlWriter]::Create((Join-Path $target 'Indra.dll-Help.xml'), $settings)
$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
function Write-Para([string] $prefix, [string] $name, [string] $text) {
    $writer.WriteStartElement($prefix, $name, $(if ($prefix -eq 'maml') { $maml } else { $dev }))
    $writer.WriteElementString('maml', 'para', $maml, $text)
    $writer.WriteEndElement()
}

foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $class = $members["T:$($command.ImplementingType.FullName)"]
    if ($null -eq $class) { throw "$($command.Name) has no XML documentation" }
    $description = (Get-DocText $class.SelectSingleNode('summary')) -replace "^$([regex]::Escape($command.Name)):\s*", ''
    $synopsis = ($description -split '(?<=\.)\s|;\s', 2)[0]
    $synopsis = $synopsis.Substring(0, 1).ToUpperInvariant() + $synopsis.Substring(1)
    $description = $description.Substring(0, 1).ToUpperInvariant() + $description.Substring(1)

    $writer.WriteStartElement('command', 'command', $cmd)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $cmd)
    $writer.WriteElementString('command', 'name', $cmd, $command.Name)
    Write-Para 'maml' 'description' $synopsis
    $writer.WriteElementString('command', 'verb', $cmd, $command.Verb)
    $writer.WriteElementString('command', 'noun', $cmd, $command.Noun)
    $writer.WriteEndElement()
    Write-Para 'maml' 'description' $description

    $writer.WriteStartElement('command', 'syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $cmd)
        $writer.WriteElementString('maml', 'name', $maml, $command.Name)
        foreach ($parameter in $set.Parameters | Where-Object Name -NotIn $common) {
            $writer.WriteStartElement('command', 'parameter', $cmd)
            $writer.WriteAttributeString('required', "$($parameter.IsMandatory)".ToLowerInvariant())
            $writer.WriteAttributeString('position', $(if ($parameter.Position -ge 0) { $parameter.Position + 1 } else { 'named' }))
            $writer.WriteElementString('maml', 'name', $maml, $parameter.Name)
            if ($parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                $writer.WriteElementString('command', 'parameterValue', $cmd, (Get-TypeName $parameter.ParameterType))
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $cmd)
    foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object) {
        $metadata = $command.Parameters[$name]
        $first = $metadata.ParameterSets.Values | Select-Object -First 1
        $writer.WriteStartElement('command', 'parameter', $cmd)
        $writer.WriteAttributeString('required', "$(@($metadata.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0)".ToLowerInvariant())
        $writer.WriteAttributeString('globbing', "$($metadata.Attributes.TypeId.Name -contains 'SupportsWildcardsAttribute')".ToLowerInvariant())
        $writer.WriteAttributeString('pipelineInput', (Get-PipelineText $first))
        $writer.WriteAttributeString('position', $(if ($first.Position -ge 0) { $first.Position + 1 } else { 'named' }))
        $writer.WriteElementString('maml', 'name', $maml, $name)
        Write-Para 'maml' 'description' (Get-ParameterText $command $name)
        if ($metadata.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
            $writer.WriteElementString('command', 'parameterValue', $cmd, (Get-TypeName $metadata.ParameterType))
        }
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $metadata.ParameterType.FullName)
        $writer.WriteEndElement()
        if ($metadata.Aliases.Count) { $writer.WriteElementString('command', 'aliases', $cmd, ($metadata.Aliases -join ', ')) }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'returnValues', $cmd)
    foreach ($type in $command.OutputType) {
        $writer.WriteStartElement('command', 'returnValue', $cmd)
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $type.Name)
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'examples', $cmd)
    $number = 0
    foreach ($example in $class.SelectNodes('example')) {
        $number++
        $writer.WriteStartElement('command', 'example', $cmd)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- Example $number --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, $example.SelectSingleNode('code').InnerText)
        $remarks = $example.CloneNode($true)
        [void] $remarks.RemoveChild($remarks.SelectSingleNode('code'))
        Write-Para 'dev' 'remarks' (Get-DocText $remarks)
        $writer.WriteEndElement()
    }
    if ($number -eq 0) { throw "$($command.Name) has no <example> in its XML documentation" }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Close()
Remove-Item (Join-Path $ModuleDirectory 'Indra.xml')
