namespace Indra.FileSystem;

/// <summary>A setattr request: the fields named in <see cref="Fields"/> are applied, the others ignored.</summary>
public struct SetAttributesRequest
{
    /// <summary>Which fields to change.</summary>
    public SetAttributeFields Fields;
    /// <summary>New permission bits (only <see cref="FileModes.PermissionMask"/> is used).</summary>
    public uint Mode;
    /// <summary>New owner uid.</summary>
    public uint Uid;
    /// <summary>New group gid.</summary>
    public uint Gid;
    /// <summary>New size in bytes: shrinking drops bytes, growing adds zero bytes.</summary>
    public long Size;
    /// <summary>New access time, UTC nanoseconds since the Unix epoch.</summary>
    public long AccessTimeNs;
    /// <summary>New modification time, UTC nanoseconds since the Unix epoch.</summary>
    public long ModifyTimeNs;
}
