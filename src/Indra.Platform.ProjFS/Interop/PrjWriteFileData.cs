using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjWriteFileData(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT, const GUID* dataStreamId, void* buffer,
    /// UINT64 byteOffset, UINT32 length)</c>; the buffer must come from PrjAllocateAlignedBuffer.
    /// </summary>
    [LibraryImport(LibraryName)]
    internal static unsafe partial int PrjWriteFileData(
        VirtualizationContextHandle namespaceVirtualizationContext,
        Guid* dataStreamId,
        void* buffer,
        ulong byteOffset,
        uint length);
}
