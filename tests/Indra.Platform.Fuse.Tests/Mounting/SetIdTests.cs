using Indra.Platform.Fuse.Tests.Support;

namespace Indra.Platform.Fuse.Tests.Mounting;

/// <summary>
/// FUSE_HANDLE_KILLPRIV_V2: the kernel stops asking for <c>security.capability</c> on every write, and the host
/// clears set-user-ID and set-group-ID where Linux does. The mount allows other users so that an unprivileged
/// process (uid 65534, through setpriv) can write.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SetIdTests
{
    private const string Nobody = "65534";
    private TestMount _mount = null!;

    [OneTimeSetUp]
    public void Mount() => _mount = TestMount.Start(allowOther: true);

    [OneTimeTearDown]
    public void Unmount() => _mount.Dispose();

    private string NewFile(string mode)
    {
        string directory = _mount.Combine(TestContext.CurrentContext.Test.MethodName ?? "test");
        Directory.CreateDirectory(directory);
        Shell.Ok("chmod", "0777", directory);
        string file = Path.Combine(directory, "program");
        File.WriteAllText(file, "#!/bin/sh\n");
        Shell.Ok("chmod", mode, file);
        return file;
    }

    private static string Mode(string path) => Shell.Ok("stat", "-c", "%a", path).Trim();

    private static Shell.Result AsNobody(string script) =>
        Shell.Run("setpriv", "--reuid", Nobody, "--regid", Nobody, "--clear-groups", "sh", "-c", script);

    [Test]
    public void Security_capability_is_asked_once_per_file_not_once_per_write()
    {
        string file = NewFile("0644");
        int before = _mount.FileSystem.XattrReads("security.capability");
        Shell.Ok("sh", "-c", $"exec 3>>'{file}'; for i in 1 2 3 4 5 6 7 8; do printf x >&3; done");
        int asked = _mount.FileSystem.XattrReads("security.capability") - before;
        Assert.That(File.ReadAllText(file), Does.EndWith("xxxxxxxx"));
        Assert.That(asked, Is.LessThanOrEqualTo(1), "eight write(2) calls; without HANDLE_KILLPRIV_V2 each asks");
    }

    [Test]
    public void Chown_clears_set_user_id_and_set_group_id_with_group_execute()
    {
        string file = NewFile("6755");
        Shell.Ok("chown", "1:1", file);
        Assert.That(Mode(file), Is.EqualTo("755"));

        string locking = NewFile("2745");
        Shell.Ok("chown", "1:1", locking);
        Assert.That(Mode(locking), Is.EqualTo("2745"), "set-group-ID without group execute marks locking and stays");

        string directory = Path.GetDirectoryName(file)!;
        Shell.Ok("chmod", "2777", directory);
        Shell.Ok("chown", "1:1", directory);
        Assert.That(Mode(directory), Is.EqualTo("2777"), "a directory keeps set-group-ID");
    }

    [Test]
    public void An_unprivileged_write_clears_the_bits_and_roots_does_not()
    {
        string file = NewFile("6777");
        Shell.Ok("sh", "-c", $"printf root >> '{file}'");
        Assert.That(Mode(file), Is.EqualTo("6777"), "root (CAP_FSETID) keeps them");

        Shell.Result write = AsNobody($"printf nobody >> '{file}'");
        Assert.That(write.ExitCode, Is.Zero, write.ToString());
        Assert.That(Mode(file), Is.EqualTo("777"), "the cached mode was dropped too");
        Assert.That(File.ReadAllText(file), Does.EndWith("rootnobody"));
    }

    [Test]
    public void An_unprivileged_truncate_clears_the_bits()
    {
        string shrunk = NewFile("4777");
        Shell.Result truncate = AsNobody($"truncate -s 2 '{shrunk}'");
        Assert.That(truncate.ExitCode, Is.Zero, truncate.ToString());
        Assert.That(Mode(shrunk), Is.EqualTo("777"));

        string reopened = NewFile("4777");
        Shell.Result open = AsNobody($": > '{reopened}'");
        Assert.That(open.ExitCode, Is.Zero, open.ToString());
        Assert.That(Mode(reopened), Is.EqualTo("777"), "open with O_TRUNC");
        Assert.That(new FileInfo(reopened).Length, Is.Zero);
    }
}
