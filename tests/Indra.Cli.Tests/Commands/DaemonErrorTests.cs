using Indra.Cli.Commands;

namespace Indra.Cli.Tests.Commands;

/// <summary>
/// What <c>indra mount --background</c> prints when its daemon fails: the daemon's own error line from the shared log
/// (<c>indra[PID]: ...</c>), with what libfuse and fusermount3 printed there put into it when the line points at them.
/// </summary>
[TestFixture]
public sealed class DaemonErrorTests
{
    private string _log = null!;

    [SetUp]
    public void SetUp() => _log = Path.Combine(Path.GetTempPath(), "indra-daemonerror-" + Guid.NewGuid().ToString("N") + ".log");

    [TearDown]
    public void TearDown() => File.Delete(_log);

    [Test]
    public void What_fusermount3_printed_is_put_into_the_daemons_line()
    {
        File.WriteAllText(_log, "2026-12-07T13:57:11.534Z info Indra.Platform.Fuse: an earlier mount\n");
        var from = new FileInfo(_log).Length;
        File.AppendAllText(_log,
            "fusermount3: option allow_other only allowed if 'user_allow_other' is set in /etc/fuse.conf\n" +
            "indra[4321]: cannot mount /m: fuse_session_mount failed (libfuse printed why on stderr)\n");
        Assert.That(MountCommand.DaemonError(_log, from, 4321),
            Is.EqualTo("cannot mount /m: fuse_session_mount failed (libfuse printed why on stderr: fusermount3: option allow_other only allowed if 'user_allow_other' is set in /etc/fuse.conf)"));
    }

    [Test]
    public void Lines_before_the_start_and_other_daemons_errors_are_left_out()
    {
        File.WriteAllText(_log,
            "fuse: an old complaint from an earlier start\n" +
            "indra[4321]: an old error of a process that had the same id\n");
        var from = new FileInfo(_log).Length;
        File.AppendAllText(_log,
            "indra[999]: cannot mount /other: fuse_session_mount failed (libfuse printed why on stderr)\n" +
            "indra[4321]: no vault at /v (run 'indra init --vault /v')\n");
        Assert.That(MountCommand.DaemonError(_log, from, 4321), Is.EqualTo("no vault at /v (run 'indra init --vault /v')"), "no pointer to stderr: the line as it is");
        Assert.That(MountCommand.DaemonError(_log, from, 999),
            Is.EqualTo("cannot mount /other: fuse_session_mount failed (libfuse printed why on stderr)"), "nothing libfuse printed since the start");
        Assert.That(MountCommand.DaemonError(_log, from, 77), Is.Null, "no line of that daemon");
    }
}
