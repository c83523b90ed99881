using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>
/// PRJ_CALLBACK_DATA, 96 bytes on x64 (projfs.md §2.4). Valid only during the callback; never read fields past
/// <see cref="Size"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PrjCallbackData
{
    /// <summary>UINT32 at offset 0: the size ProjFS filled in.</summary>
    public uint Size;
    /// <summary>PRJ_CALLBACK_DATA_FLAGS at offset 4.</summary>
    public PrjCallbackDataFlags Flags;
    /// <summary>PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT at offset 8.</summary>
    public nint NamespaceVirtualizationContext;
    /// <summary>INT32 at offset 16.</summary>
    public int CommandId;
    /// <summary>GUID at offset 20 (per handle).</summary>
    public Guid FileId;
    /// <summary>GUID at offset 36 (per open stream).</summary>
    public Guid DataStreamId;
    /// <summary>PCWSTR at offset 56, relative to the root.</summary>
    public char* FilePathName;
    /// <summary>PRJ_PLACEHOLDER_VERSION_INFO* at offset 64 (may be null).</summary>
    public PrjPlaceholderVersionInfo* VersionInfo;
    /// <summary>UINT32 at offset 72 (0 when unknown).</summary>
    public uint TriggeringProcessId;
    /// <summary>PCWSTR at offset 80 (null when the process id is 0).</summary>
    public char* TriggeringProcessImageFileName;
    /// <summary>void* at offset 88: the instanceContext given to PrjStartVirtualizing.</summary>
    public nint InstanceContext;
}
