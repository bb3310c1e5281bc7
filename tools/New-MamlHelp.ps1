<#
.SYNOPSIS
    Builds SsoTools.dll-Help.xml (MAML) from help/<Cmdlet-Name>.md and the built module's metadata.
.DESCRIPTION
    The text (synopsis, description, parameter descriptions, examples, notes, links) comes from
    the .md files; everything the code already knows comes from the imported module: syntax per
    parameter set, parameter types, Mandatory, Position, pipeline input, aliases, wildcards,
    ValidateSet values, defaults, and [OutputType]. So the help cannot describe a syntax the
    cmdlets do not have.

    It fails (throws; exit code 1 under -File) and writes nothing when an exported cmdlet has no
    .md file, a parameter has no description, the .md describes a parameter the cmdlet does not
    have, or a cmdlet has no example. Plain PowerShell, no extra modules. Run by build.ps1.

    The .md format (one file per cmdlet, help/<Cmdlet-Name>.md; '#' headings inside ``` fences
    are code, not headings):

        # Get-SsoAccount                       <- must be the cmdlet name
        ## SYNOPSIS                            <- required: one short paragraph
        ## DESCRIPTION                         <- required
        ## PARAMETERS                          <- one ### -Name per parameter (required for every
        ### -SessionName                          non-common parameter; -WhatIf/-Confirm get a
        Text.                                     standard text when left out)
        ## INPUTS                              <- optional: ### TypeName + text each; when left
        ### SsoTools.Model.SsoSession        out, generated from the pipeline parameters
        Text.
        ## OUTPUTS                             <- optional text for each [OutputType] type:
        ### SsoTools.Model.SsoAccount        ### FullTypeName (or ### None); a type the
        Text.                                     cmdlet does not declare is an error
        ## NOTES                               <- optional
        ## EXAMPLES                            <- required, at least one
        ### Example 1: List the accounts of a session
        ```powershell
        Get-SsoAccount -SessionName my-sso
        ```
        Remarks text. A fence with another language (```output, ```ini) stays verbatim in the remarks.
        ## RELATED LINKS                       <- optional: '- [Text](https://...)' or '- Get-SsoSession'

    Text: blank lines separate paragraphs; lines in one paragraph are joined; a line starting
    with '- ' starts a list item; a ``` fence in text is kept verbatim. Sections may come in any order.
.EXAMPLE
    ./tools/New-MamlHelp.ps1 -ModulePath out/SsoTools -HelpSource help -Destination out/SsoTools/en-US/SsoTools.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpSource,
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$CommonNames = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$ShouldProcessNames = 'WhatIf', 'Confirm'
$StandardText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$KnownSections = 'SYNOPSIS', 'DESCRIPTION', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'EXAMPLES', 'RELATED LINKS'

#region Markdown
# One .md file as: Name, Sections (name -> lines), Subsections (section -> ordered list of {Title; Lines}).
function Read-HelpMarkdown([string] $Path, [System.Collections.Generic.List[string]] $Problems) {
    $file = Split-Path -Leaf $Path
    $doc = [ordered]@{ Name = $null; Sections = @{}; Subsections = @{} }
    $section = $null
    $current = $null        # the List[string] that body lines go to
    $inFence = $false
    $lineNo = 0
    foreach ($line in [IO.File]::ReadAllLines($Path)) {
        $lineNo++
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        elseif (-not $inFence -and $line -match '^#\s+(.+?)\s*$') {
            if ($null -ne $doc.Name) { $Problems.Add("${file}:${lineNo}: a second '# ' title.") }
            $doc.Name = $Matches[1]
            $current = $null
            continue
        }
        elseif (-not $inFence -and $line -match '^##\s+(.+?)\s*$') {
            $section = $Matches[1].ToUpperInvariant()
            if ($KnownSections -notcontains $section) {
                $Problems.Add("${file}:${lineNo}: unknown section '## $($Matches[1])' (known: $($KnownSections -join ', ')).")
            }
            if ($doc.Sections.Contains($section)) { $Problems.Add("${file}:${lineNo}: the section '## $section' appears twice.") }
            $current = [System.Collections.Generic.List[string]]::new()
            $doc.Sections[$section] = $current
            $doc.Subsections[$section] = [System.Collections.Generic.List[object]]::new()
            continue
        }
        elseif (-not $inFence -and $line -match '^###\s+(.+?)\s*$') {
            if ($null -eq $section) { $Problems.Add("${file}:${lineNo}: '### $($Matches[1])' is outside any '## ' section."); continue }
            $current = [System.Collections.Generic.List[string]]::new()
            $doc.Subsections[$section].Add([pscustomobject]@{ Title = $Matches[1]; Lines = $current; Line = $lineNo })
            continue
        }
        if ($null -ne $current) { $current.Add($line) }
        elseif ($line.Trim()) { $Problems.Add("${file}:${lineNo}: text before the first '## ' section.") }
    }
    if ($inFence) { $Problems.Add("${file}: a ``````` fence is not closed.") }
    return $doc
}

# Text lines -> paragraphs (strings). Lines of a paragraph are joined with a space; a line
# starting with '- ' starts a new line of the paragraph (a list); fenced blocks stay verbatim.
function ConvertTo-Paragraphs([System.Collections.Generic.IEnumerable[string]] $Lines) {
    $paras = [System.Collections.Generic.List[string]]::new()
    $para = [System.Collections.Generic.List[string]]::new()   # the paragraph's lines
    $fence = $null
    foreach ($line in $Lines) {
        if ($null -ne $fence) {
            if ($line -match '^\s*```') { $paras.Add(($fence -join "`n")); $fence = $null }
            else { $fence.Add($line.TrimEnd()) }
            continue
        }
        $t = $line.Trim()
        if (-not $t -or $t -match '^```') {
            if ($para.Count -gt 0) { $paras.Add(($para -join "`n")); $para.Clear() }
            if ($t) { $fence = [System.Collections.Generic.List[string]]::new() }
            continue
        }
        if ($t -match '^[-*]\s+(.*)$') { $para.Add('- ' + $Matches[1]) }
        elseif ($para.Count -eq 0) { $para.Add($t) }
        else { $para[$para.Count - 1] += ' ' + $t }
    }
    if ($para.Count -gt 0) { $paras.Add(($para -join "`n")) }
    if ($null -ne $fence) { $paras.Add(($fence -join "`n")) }
    return $paras.ToArray()   # callers wrap it in @(): none, one or many
}

# An example's lines -> code (```powershell blocks, joined) and remarks paragraphs (everything else).
function Split-Example([System.Collections.Generic.List[string]] $Lines) {
    $code = [System.Collections.Generic.List[string]]::new()
    $rest = [System.Collections.Generic.List[string]]::new()
    $inCode = $false; $inOther = $false
    foreach ($line in $Lines) {
        if ($inCode) {
            if ($line -match '^\s*```') { $inCode = $false } else { $code.Add($line) }
            continue
        }
        if ($inOther) {
            $rest.Add($line)
            if ($line -match '^\s*```') { $inOther = $false }
            continue
        }
        if ($line -match '^\s*```\s*(powershell|pwsh|ps1|ps)?\s*$') {
            if ($code.Count -gt 0) { $code.Add('') }
            $inCode = $true
            continue
        }
        if ($line -match '^\s*```') { $inOther = $true }
        $rest.Add($line)
    }
    while ($code.Count -gt 0 -and -not $code[$code.Count - 1].Trim()) { $code.RemoveAt($code.Count - 1) }
    [pscustomobject]@{ Code = ($code -join "`n"); Remarks = @(ConvertTo-Paragraphs $rest) }
}
#endregion

#region Metadata
function Get-TypeText([type] $Type) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    return [Microsoft.PowerShell.ToStringCodeMethods]::Type($Type)
}

function Test-Attribute($Parameter, [type] $AttributeType) {
    foreach ($a in $Parameter.Attributes) { if ($a -is $AttributeType) { return $true } }
    return $false
}

function Get-ValidValues($Parameter) {
    foreach ($a in $Parameter.Attributes) { if ($a -is [System.Management.Automation.ValidateSetAttribute]) { return @($a.ValidValues) } }
    return @()
}

function Get-PipelineText([bool] $ByValue, [bool] $ByPropertyName) {
    $kinds = @(if ($ByValue) { 'ByValue' }; if ($ByPropertyName) { 'ByPropertyName' })
    if ($kinds.Count -eq 0) { return 'False' }
    return 'True (' + ($kinds -join ', ') + ')'
}

# The property values a new instance of the cmdlet starts with: the parameters' defaults.
function Get-Defaults([System.Management.Automation.CmdletInfo] $Command) {
    $defaults = @{}
    $instance = $null
    try { $instance = [Activator]::CreateInstance($Command.ImplementingType) } catch { return $defaults }
    try {
        foreach ($name in $Command.Parameters.Keys) {
            $prop = try { $Command.ImplementingType.GetProperty($name) } catch { $null }
            if (-not $prop -or -not $prop.CanRead) { continue }
            $value = $prop.GetValue($instance)
            if ($value -is [System.Management.Automation.SwitchParameter]) { $defaults[$name] = [string][bool]$value; continue }
            if ($null -eq $value -or ($value -is [string] -and $value -eq '') -or ($value -is [array] -and $value.Count -eq 0)) { continue }
            $defaults[$name] = [string]$value
        }
    }
    finally { if ($instance -is [IDisposable]) { $instance.Dispose() } }
    return $defaults
}

# The parameters a syntax shows: positional by position, then mandatory, then the rest, each
# group in the order of the help's PARAMETERS section; WhatIf and Confirm last.
function Get-SetParameters([System.Management.Automation.CommandParameterSetInfo] $Set, [string[]] $Order) {
    $ps = @($Set.Parameters | Where-Object { $CommonNames -notcontains $_.Name -or $ShouldProcessNames -contains $_.Name })
    $rank = { $i = [array]::IndexOf($Order, $_.Name); if ($i -lt 0) { [int]::MaxValue } else { $i } }
    $positional = @($ps | Where-Object { $_.Position -ge 0 } | Sort-Object Position)
    $named = @($ps | Where-Object { $_.Position -lt 0 -and $ShouldProcessNames -notcontains $_.Name } | Sort-Object $rank)
    $mandatory = @($named | Where-Object IsMandatory)
    $optional = @($named | Where-Object { -not $_.IsMandatory })
    $sp = @($ShouldProcessNames | ForEach-Object { $n = $_; $ps | Where-Object Name -eq $n })
    return @($positional + $mandatory + $optional + $sp)
}
#endregion

#region MAML writing
$NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paras([System.Xml.XmlWriter] $W, [string] $Element, [string] $Ns, $Paras) {
    $W.WriteStartElement($Element, $Ns)
    $list = @($Paras)
    if ($list.Count -eq 0) { $list = @('') }
    foreach ($p in $list) { $W.WriteElementString('para', $NsMaml, $p) }
    $W.WriteEndElement()
}

function Write-Type([System.Xml.XmlWriter] $W, [string] $Name) {
    $W.WriteStartElement('type', $NsDev)
    $W.WriteElementString('name', $NsMaml, $Name)
    $W.WriteElementString('uri', $NsMaml, '')
    $W.WriteEndElement()
}

# One <command:parameter>; $Info has Name, Type, Required, Position, Pipeline, Globbing, Aliases, Description, Values, Default.
function Write-Parameter([System.Xml.XmlWriter] $W, $Info, [bool] $InSyntax) {
    $W.WriteStartElement('parameter', $NsCommand)
    $W.WriteAttributeString('required', $Info.Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', $Info.Type.IsArray.ToString().ToLowerInvariant())
    $W.WriteAttributeString('globbing', $Info.Globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $Info.Pipeline)
    $W.WriteAttributeString('position', $Info.Position)
    $W.WriteAttributeString('aliases', $Info.Aliases)
    $W.WriteElementString('name', $NsMaml, $Info.Name)
    Write-Paras $W 'description' $NsMaml $Info.Description
    $isSwitch = $Info.Type -eq [System.Management.Automation.SwitchParameter]
    if ($InSyntax -and $Info.Values.Count -gt 0) {
        $W.WriteStartElement('parameterValueGroup', $NsCommand)
        foreach ($v in $Info.Values) {
            $W.WriteStartElement('parameterValue', $NsCommand)
            $W.WriteAttributeString('required', 'false')
            $W.WriteAttributeString('variableLength', 'false')
            $W.WriteString($v)
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    # A switch shows as [-Force] in a syntax: no value placeholder there.
    if (-not ($InSyntax -and $isSwitch)) {
        $W.WriteStartElement('parameterValue', $NsCommand)
        $W.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $W.WriteAttributeString('variableLength', $Info.Type.IsArray.ToString().ToLowerInvariant())
        $W.WriteString((Get-TypeText $Info.Type))
        $W.WriteEndElement()
    }
    Write-Type $W $Info.Type.FullName
    $W.WriteElementString('defaultValue', $NsDev, $Info.Default)
    $W.WriteEndElement()
}
#endregion

#region Main
$problems = [System.Collections.Generic.List[string]]::new()
$manifest = Join-Path $ModulePath 'SsoTools.psd1'
if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) { throw "There is no built module at $manifest." }
$module = Import-Module ((Resolve-Path -LiteralPath $manifest).ProviderPath) -Force -PassThru -ErrorAction Stop
$commands = @($module.ExportedCmdlets.Values | Sort-Object Name)
if ($commands.Count -eq 0) { throw "The module at $ModulePath exports no cmdlets." }
if (-not (Test-Path -LiteralPath $HelpSource -PathType Container)) { throw "The help source folder '$HelpSource' does not exist." }

$entries = [System.Collections.Generic.List[object]]::new()
foreach ($cmd in $commands) {
    $name = $cmd.Name
    $mdPath = Join-Path $HelpSource "$name.md"
    if (-not (Test-Path -LiteralPath $mdPath -PathType Leaf)) {
        $problems.Add("$name has no help: create $mdPath (see the format at the top of $PSCommandPath).")
        continue
    }
    $file = "$name.md"
    $md = Read-HelpMarkdown $mdPath $problems
    if ($md.Name -ne $name) { $problems.Add("${file}: the title must be '# $name', not '# $($md.Name)'.") }

    $synopsis = @(if ($md.Sections.Contains('SYNOPSIS')) { ConvertTo-Paragraphs $md.Sections['SYNOPSIS'] })
    if ($synopsis.Count -eq 0) { $problems.Add("${file}: no '## SYNOPSIS' text.") }
    $description = @(if ($md.Sections.Contains('DESCRIPTION')) { ConvertTo-Paragraphs $md.Sections['DESCRIPTION'] })
    if ($description.Count -eq 0) { $problems.Add("${file}: no '## DESCRIPTION' text.") }

    # Parameter texts, in the .md's order.
    $paramText = [ordered]@{}
    if ($md.Subsections.Contains('PARAMETERS')) {
        foreach ($sub in $md.Subsections['PARAMETERS']) {
            $pname = $sub.Title -replace '^-', ''
            if ($paramText.Contains($pname)) { $problems.Add("${file}:$($sub.Line): -$pname is described twice.") }
            $paramText[$pname] = @(ConvertTo-Paragraphs $sub.Lines)
        }
    }

    # Every parameter the syntax shows, from the metadata, merged over all its parameter sets.
    $shown = @($cmd.Parameters.Values | Where-Object { $CommonNames -notcontains $_.Name -or ($ShouldProcessNames -contains $_.Name) })
    foreach ($pname in @($paramText.Keys)) {
        if (-not ($shown | Where-Object Name -eq $pname)) { $problems.Add("${file}: describes -$pname, which $name does not have.") }
    }
    $defaults = Get-Defaults $cmd
    $infos = @{}
    foreach ($p in $shown) {
        $text = @(if ($paramText.Contains($p.Name)) { $paramText[$p.Name] })
        if ($text.Count -eq 0 -and $StandardText.ContainsKey($p.Name)) { $text = @($StandardText[$p.Name]) }
        if ($text.Count -eq 0) { $problems.Add("${file}: -$($p.Name) has no description (add '### -$($p.Name)' under '## PARAMETERS').") }
        $attrs = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        $positions = @($attrs | Where-Object { $_.Position -ge 0 } | ForEach-Object Position | Select-Object -Unique)
        $infos[$p.Name] = [pscustomobject]@{
            Name        = $p.Name
            Type        = $p.ParameterType
            # Required in the parameter list: mandatory in every set it is in.
            Required    = $attrs.Count -gt 0 -and -not ($attrs | Where-Object { -not $_.Mandatory })
            Position    = if ($positions.Count -eq 1) { [string]$positions[0] } else { 'named' }
            Pipeline    = Get-PipelineText ([bool]($attrs | Where-Object ValueFromPipeline)) ([bool]($attrs | Where-Object ValueFromPipelineByPropertyName))
            Globbing    = Test-Attribute $p ([System.Management.Automation.SupportsWildcardsAttribute])
            Aliases     = if ($p.Aliases.Count -gt 0) { $p.Aliases -join ', ' } else { 'none' }
            Description = $text
            Values      = @(Get-ValidValues $p)
            Default     = if ($defaults.ContainsKey($p.Name)) { $defaults[$p.Name] } elseif ($p.SwitchParameter) { 'False' } else { 'None' }
        }
    }
    $order = @(@($paramText.Keys | Where-Object { $infos.ContainsKey($_) }) + @(@($shown | ForEach-Object { $_.Name }) | Where-Object { -not $paramText.Contains($_) -and $ShouldProcessNames -notcontains $_ }) +
        @($ShouldProcessNames | Where-Object { $infos.ContainsKey($_) -and -not $paramText.Contains($_) }))

    # Syntax: one item per parameter set, the default set first.
    $syntax = [System.Collections.Generic.List[object]]::new()
    foreach ($set in @($cmd.ParameterSets | Sort-Object @{ Expression = { -not $_.IsDefault } }, Name)) {
        $syntax.Add(@(foreach ($sp in (Get-SetParameters $set $order)) {
            $base = $infos[$sp.Name]
            $base | Select-Object * -ExcludeProperty Required, Position, Pipeline | Add-Member -PassThru -NotePropertyMembers @{
                Required = $sp.IsMandatory
                Position = if ($sp.Position -ge 0) { [string]$sp.Position } else { 'named' }
                Pipeline = Get-PipelineText $sp.ValueFromPipeline $sp.ValueFromPipelineByPropertyName
            }
        }))
    }

    # Inputs: the .md's, else what the pipeline parameters take.
    $inputs = @(if ($md.Subsections.Contains('INPUTS') -and $md.Subsections['INPUTS'].Count -gt 0) {
            foreach ($sub in $md.Subsections['INPUTS']) { [pscustomobject]@{ Type = $sub.Title; Text = @(ConvertTo-Paragraphs $sub.Lines) } }
        }
        else {
            $byValue = @($shown | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipeline } })
            $byName = @($shown | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipelineByPropertyName } })
            foreach ($p in $byValue) { [pscustomobject]@{ Type = $p.ParameterType.FullName; Text = @("You can pipe a value for -$($p.Name).") } }
            if ($byName.Count -gt 0) {
                [pscustomobject]@{ Type = 'System.Object'; Text = @('Objects with these properties bind by property name: ' + (($byName | ForEach-Object { $_.Name }) -join ', ') + '.') }
            }
            if ($byValue.Count + $byName.Count -eq 0) { [pscustomobject]@{ Type = 'None'; Text = @('You cannot pipe objects to this cmdlet.') } }
        })

    # Outputs: the [OutputType] types, with the .md's text for each.
    $outText = @{}
    if ($md.Subsections.Contains('OUTPUTS')) { foreach ($sub in $md.Subsections['OUTPUTS']) { $outText[$sub.Title] = @(ConvertTo-Paragraphs $sub.Lines) } }
    $declared = @($cmd.OutputType | ForEach-Object { if ($_.Type) { $_.Type.FullName } else { $_.Name } } | Select-Object -Unique)
    $outputs = @(if ($declared.Count -eq 0) {
            [pscustomobject]@{ Type = 'None'; Text = @(if ($outText.ContainsKey('None')) { $outText['None'] } else { 'This cmdlet returns no output.' }) }
        }
        else {
            foreach ($t in $declared) {
                $short = $t.Split('.')[-1]
                $text = @(if ($outText.ContainsKey($t)) { $outText[$t] } elseif ($outText.ContainsKey($short)) { $outText[$short] })
                [pscustomobject]@{ Type = $t; Text = @($text) }
            }
        })
    foreach ($title in $outText.Keys) {
        $known = ($declared.Count -eq 0 -and $title -eq 'None') -or ($declared | Where-Object { $_ -eq $title -or $_.Split('.')[-1] -eq $title })
        if (-not $known) { $problems.Add("${file}: OUTPUTS names '$title', but $name declares [OutputType] $(if ($declared) { $declared -join ', ' } else { 'none' }).") }
    }

    # Examples.
    $examples = @(if ($md.Subsections.Contains('EXAMPLES')) {
            foreach ($sub in $md.Subsections['EXAMPLES']) {
                $ex = Split-Example $sub.Lines
                if (-not $ex.Code.Trim()) { $problems.Add("${file}:$($sub.Line): '### $($sub.Title)' has no ``````powershell code block.") }
                [pscustomobject]@{ Title = $sub.Title; Code = $ex.Code; Remarks = $ex.Remarks }
            }
        })
    if ($examples.Count -eq 0) { $problems.Add("${file}: no example (add '### Example 1: ...' with a ``````powershell block under '## EXAMPLES').") }

    $notes = @(if ($md.Sections.Contains('NOTES')) { ConvertTo-Paragraphs $md.Sections['NOTES'] })
    $links = @(if ($md.Sections.Contains('RELATED LINKS')) {
            foreach ($line in $md.Sections['RELATED LINKS']) {
                $t = ($line.Trim() -replace '^[-*]\s+', '')
                if (-not $t) { continue }
                if ($t -match '^\[(.+?)\]\((.*?)\)$') { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
                else { [pscustomobject]@{ Text = $t; Uri = '' } }
            }
        })

    $entries.Add([pscustomobject]@{
            Command = $cmd; Synopsis = $synopsis; Description = $description; Syntax = $syntax
            Parameters = @($order | ForEach-Object { $infos[$_] }); Inputs = $inputs; Outputs = $outputs
            Notes = $notes; Examples = $examples; Links = $links
        })
}

foreach ($md in Get-ChildItem -LiteralPath $HelpSource -Filter '*.md' -File) {
    if (-not ($commands | Where-Object Name -eq $md.BaseName)) { Write-Warning "$($md.Name): $($module.Name) exports no cmdlet '$($md.BaseName)'; the file is not used." }
}

if ($problems.Count -gt 0) {
    # One plain line per problem on stderr (the error view would wrap and colour them), then fail.
    foreach ($p in $problems) { [Console]::Error.WriteLine("New-MamlHelp: $p") }
    throw "The help is incomplete ($($problems.Count) problem(s) listed above); nothing was written. Fix the .md files in $HelpSource."
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$settings.NewLineChars = "`n"
$buffer = [System.IO.MemoryStream]::new()
$w = [System.Xml.XmlWriter]::Create($buffer, $settings)
$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')
foreach ($e in $entries) {
    $cmd = $e.Command
    $w.WriteStartElement('command', 'command', $NsCommand)
    $w.WriteAttributeString('xmlns', 'maml', $null, $NsMaml)
    $w.WriteAttributeString('xmlns', 'command', $null, $NsCommand)
    $w.WriteAttributeString('xmlns', 'dev', $null, $NsDev)
    $w.WriteAttributeString('xmlns', 'MSHelp', $null, 'http://msdn.microsoft.com/mshelp')

    $w.WriteStartElement('details', $NsCommand)
    $w.WriteElementString('name', $NsCommand, $cmd.Name)
    $w.WriteElementString('verb', $NsCommand, $cmd.Verb)
    $w.WriteElementString('noun', $NsCommand, $cmd.Noun)
    Write-Paras $w 'description' $NsMaml $e.Synopsis
    $w.WriteEndElement()

    Write-Paras $w 'description' $NsMaml $e.Description

    $w.WriteStartElement('syntax', $NsCommand)
    foreach ($item in $e.Syntax) {
        $w.WriteStartElement('syntaxItem', $NsCommand)
        $w.WriteElementString('name', $NsMaml, $cmd.Name)
        foreach ($p in $item) { Write-Parameter $w $p $true }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('parameters', $NsCommand)
    foreach ($p in $e.Parameters) { Write-Parameter $w $p $false }
    $w.WriteEndElement()

    $w.WriteStartElement('inputTypes', $NsCommand)
    foreach ($i in $e.Inputs) {
        $w.WriteStartElement('inputType', $NsCommand)
        Write-Type $w $i.Type
        Write-Paras $w 'description' $NsMaml $i.Text
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('returnValues', $NsCommand)
    foreach ($o in $e.Outputs) {
        $w.WriteStartElement('returnValue', $NsCommand)
        Write-Type $w $o.Type
        Write-Paras $w 'description' $NsMaml $o.Text
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    if ($e.Notes.Count -gt 0) {
        $w.WriteStartElement('alertSet', $NsMaml)
        Write-Paras $w 'alert' $NsMaml $e.Notes
        $w.WriteEndElement()
    }

    $w.WriteStartElement('examples', $NsCommand)
    foreach ($x in $e.Examples) {
        $w.WriteStartElement('example', $NsCommand)
        # Padded as platyPS pads it, so each example stands out in Get-Help's plain text.
        $pad = [Math]::Max(2, [int]((64 - $x.Title.Length - 2) / 2))
        $w.WriteElementString('title', $NsMaml, ('-' * $pad) + ' ' + $x.Title + ' ' + ('-' * $pad))
        $w.WriteElementString('code', $NsDev, $x.Code)
        # The empty last paragraph keeps a blank line before the next example's title.
        Write-Paras $w 'remarks' $NsDev (@($x.Remarks) + '')
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('relatedLinks', $NsCommand)
    foreach ($l in $e.Links) {
        $w.WriteStartElement('navigationLink', $NsMaml)
        $w.WriteElementString('linkText', $NsMaml, $l.Text)
        $w.WriteElementString('uri', $NsMaml, $l.Uri)
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteEndElement() # command:command
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Flush()
$w.Dispose()

# Parse it back before it replaces anything: a broken file never lands.
$bytes = $buffer.ToArray()
$null = [xml][System.Text.Encoding]::UTF8.GetString($bytes)
$dir = Split-Path -Parent ([IO.Path]::GetFullPath($Destination))
if (-not (Test-Path -LiteralPath $dir)) { $null = New-Item -ItemType Directory -Force -Path $dir }
$tmp = Join-Path $dir ('.' + [IO.Path]::GetFileName($Destination) + '.tmp')
[IO.File]::WriteAllBytes($tmp, $bytes)
Move-Item -LiteralPath $tmp -Destination $Destination -Force
Write-Host "Wrote help for $($entries.Count) cmdlets to $Destination"
#endregion
