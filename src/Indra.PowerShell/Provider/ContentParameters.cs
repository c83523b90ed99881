using System.Management.Automation;

namespace Indra.PowerShell.Provider;

/// <summary>The Indra provider's parameters of <c>Get-Content</c>.</summary>
public sealed class ContentReaderParameters
{
    /// <summary>Read bytes instead of lines of UTF-8 text.</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>Read the whole file as one string (with -AsByteStream: one byte array).</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }
}

/// <summary>The Indra provider's parameters of <c>Set-Content</c> and <c>Add-Content</c>.</summary>
public sealed class ContentWriterParameters
{
    /// <summary>Write the values as bytes (byte or byte[]) instead of lines of UTF-8 text.</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>Write text values without a line feed after each.</summary>
    [Parameter]
    public SwitchParameter NoNewline { get; set; }
}
