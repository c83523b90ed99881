using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.Tests.Provider;

/// <summary>The HRESULT an application on Windows gets for each vault error (projfs.md §2.6).</summary>
public sealed class ErrnoMappingTests
{
    [TestCase(Errno.None, HResult.Ok)]
    [TestCase(Errno.ENOENT, HResult.FileNotFound)]
    [TestCase(Errno.EACCES, HResult.AccessDenied)]
    [TestCase(Errno.EROFS, HResult.AccessDenied)]
    [TestCase(Errno.EINVAL, HResult.InvalidParameter)]
    [TestCase(Errno.ENOSPC, HResult.DiskFull)]
    [TestCase(Errno.EDQUOT, HResult.DiskQuotaExceeded)]
    [TestCase(Errno.EIO, HResult.IoDevice)]
    public void EachVaultErrorBecomesItsWindowsError(Errno errno, int expected) =>
        Assert.That(ErrnoMapping.ToCallbackResult(errno), Is.EqualTo(expected));
}
