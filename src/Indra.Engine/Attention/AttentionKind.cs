namespace Indra.Engine.Attention;

/// <summary>The two attention switches the design defines.</summary>
public enum AttentionKind
{
    /// <summary>Attention moved to an artifact: a file opened, a directory listed.</summary>
    NavigateTo = 0,
    /// <summary>Attention left an artifact: a file handle released.</summary>
    NavigateBack = 1,
}
