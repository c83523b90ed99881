using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>
/// Owns a PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT: releasing it calls PrjStopVirtualizing with the raw handle (a closed
/// SafeHandle cannot be marshalled).
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class VirtualizationContextHandle : SafeHandle
{
    /// <summary>Creates an invalid handle (the marshaller fills it in).</summary>
    public VirtualizationContextHandle() : base(nint.Zero, ownsHandle: true) { }

    /// <inheritdoc />
    public override bool IsInvalid => handle == nint.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        ProjectedFSLib.PrjStopVirtualizing(handle);
        return true;
    }
}
