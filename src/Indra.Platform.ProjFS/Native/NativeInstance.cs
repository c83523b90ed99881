using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Native;

/// <summary>
/// What the native trampolines need to reach the managed provider: passed to PrjStartVirtualizing as instanceContext
/// through a <see cref="GCHandle"/> and handed back in PRJ_CALLBACK_DATA.InstanceContext.
/// </summary>
internal sealed class NativeInstance(IProjFsCallbacks callbacks)
{
    /// <summary>The provider's callbacks.</summary>
    public IProjFsCallbacks Callbacks { get; } = callbacks;

    /// <summary>Finds the instance from an instanceContext value.</summary>
    public static NativeInstance? FromContext(nint instanceContext) =>
        instanceContext == 0 ? null : GCHandle.FromIntPtr(instanceContext).Target as NativeInstance;
}
