using Indra.FileSystem;
using Indra.Platform.Fuse.Errors;

namespace Indra.Platform.Fuse.Tests.Errors;

/// <summary>
/// The portable <see cref="Errno"/> against the numbers the FUSE host gives the kernel: the Linux table against
/// <c>&lt;errno.h&gt;</c> compiled here, the Darwin table against the values of xnu's <c>sys/errno.h</c>.
/// </summary>
[TestFixture]
public sealed class ErrnoTableTests
{
    private Dictionary<string, int> _linuxHeaders = [];

    public static IEnumerable<Errno> Members() => Enum.GetValues<Errno>();

    [OneTimeSetUp]
    public void CompileTheErrnoProgram() => _linuxHeaders = CErrnoProgram.Run();

    [TestCaseSource(nameof(Members))]
    public void Every_member_has_a_Linux_and_a_Darwin_number(Errno errno)
    {
        Assert.That(ErrnoTables.Linux.ToNative(errno), errno == Errno.None ? Is.Zero : Is.InRange(1, 4095));
        Assert.That(ErrnoTables.Darwin.ToNative(errno), errno == Errno.None ? Is.Zero : Is.InRange(1, 4095));
    }

    [TestCaseSource(nameof(Members))]
    public void The_Linux_number_is_the_C_headers(Errno errno)
    {
        if (errno == Errno.None)
        {
            Assert.That(ErrnoTables.Linux.ToNative(errno), Is.Zero);
            return;
        }
        Assert.That(_linuxHeaders, Does.ContainKey(errno.ToString()));
        Assert.That(ErrnoTables.Linux.ToNative(errno), Is.EqualTo(_linuxHeaders[errno.ToString()]));
    }

    [TestCaseSource(nameof(Members))]
    public void Each_table_reads_its_numbers_back(Errno errno)
    {
        Assert.That(ErrnoTables.Linux.FromNative(ErrnoTables.Linux.ToNative(errno)), Is.EqualTo(errno));
        Assert.That(ErrnoTables.Darwin.FromNative(ErrnoTables.Darwin.ToNative(errno)), Is.EqualTo(errno));
    }

    [TestCase(Errno.EAGAIN, 35)]
    [TestCase(Errno.ENOTEMPTY, 66)]
    [TestCase(Errno.ENOSPC, 28)]
    [TestCase(Errno.ENAMETOOLONG, 63)]
    [TestCase(Errno.ELOOP, 62)]
    [TestCase(Errno.ENOSYS, 78)]
    [TestCase(Errno.EOPNOTSUPP, 45)] // ENOTSUP: Darwin's discrete EOPNOTSUPP (102) is "not supported on socket"
    [TestCase(Errno.ENODATA, 93)] // ENOATTR: Darwin's ENODATA (96) is the STREAMS error
    public void Darwin_numbers_are_xnus(Errno errno, int darwin) =>
        Assert.That(ErrnoTables.Darwin.ToNative(errno), Is.EqualTo(darwin));

    [Test]
    public void Darwins_own_ENODATA_and_EOPNOTSUPP_read_back_as_the_members_of_that_meaning()
    {
        Assert.That(ErrnoTables.DarwinStreamNoData, Is.EqualTo(96));
        Assert.That(ErrnoTables.DarwinSocketNotSupported, Is.EqualTo(102));
        Assert.That(ErrnoTables.Darwin.FromNative(96), Is.EqualTo(Errno.ENODATA));
        Assert.That(ErrnoTables.Darwin.FromNative(102), Is.EqualTo(Errno.EOPNOTSUPP));
    }

    [Test]
    public void Linux_gives_ENOTSUP_the_number_of_EOPNOTSUPP() =>
        Assert.That(ErrnoTables.Linux.ToNative(Errno.EOPNOTSUPP), Is.EqualTo(CErrnoProgram.Run(["ENOTSUP"])["ENOTSUP"]));

    [Test]
    public void Numbers_the_enum_does_not_name_read_back_as_null()
    {
        Assert.That(ErrnoTables.Linux.FromNative(4), Is.Null); // EINTR
        Assert.That(ErrnoTables.Darwin.FromNative(11), Is.Null); // EDEADLK on Darwin, not EAGAIN
    }

    [Test]
    public void A_value_outside_the_enum_is_refused() =>
        Assert.That(() => ErrnoTables.Current.ToNative((Errno)10_000), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void The_current_table_is_the_platforms() =>
        Assert.That(ErrnoTables.Current, Is.SameAs(OperatingSystem.IsMacOS() ? ErrnoTables.Darwin : ErrnoTables.Linux));
}
