using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>PRJ_VIRTUALIZATION_INSTANCE_INFO, 20 bytes (projfs.md §2.2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PrjVirtualizationInstanceInfo
{
    /// <summary>GUID at offset 0.</summary>
    public Guid InstanceId;
    /// <summary>UINT32 at offset 16: alignment in bytes PrjWriteFileData needs for unbuffered handles.</summary>
    public uint WriteAlignment;
}
