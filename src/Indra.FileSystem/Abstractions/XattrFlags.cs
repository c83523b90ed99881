namespace Indra.FileSystem;

/// <summary><c>setxattr(2)</c> flags (Linux values).</summary>
[Flags]
public enum XattrFlags
{
    /// <summary>Create or replace.</summary>
    None = 0,
    /// <summary>Fail with EEXIST if the attribute exists.</summary>
    Create = 1,
    /// <summary>Fail with ENODATA if the attribute does not exist.</summary>
    Replace = 2,
}
