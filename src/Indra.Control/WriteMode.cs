namespace Indra.Control;

/// <summary>How <see cref="IVaultControl.WriteAsync"/> treats the file's existing bytes.</summary>
public enum WriteMode
{
    /// <summary>The new content replaces the file's (Set-Content, indra write).</summary>
    Replace,

    /// <summary>The new content is added after the file's last byte (Add-Content).</summary>
    Append,
}
