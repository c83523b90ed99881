using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// What an unprivileged user (uid and gid 65534, no supplementary groups) gets on a mount made with --allow-other
/// (and, always, default_permissions), compared call for call with a native ext4 directory (<see cref="NativeTwin"/>):
/// set-group-ID inheritance, sticky directories, the chmod, chown and utimensat permission rules, set-ID bits
/// cleared on chown, and modes stored exactly as the kernel passes them.
/// </summary>
[TestFixture]
[NonParallelizable] // runs processes as another uid against one mount
public sealed class MultiUserMountTests : TwinMountFixture
{
    /// <summary>A group uid 65534 is not a member of.</summary>
    private const string OtherGroup = "4242";

    [Test]
    public void A_set_group_id_directory_passes_its_group_and_to_subdirectories_its_bit()
    {
        Twin.Same(asNobody: false, $"mkdir g && chown 0:{OtherGroup} g && chmod 2777 g");
        Twin.Same(asNobody: true,
            "cd g",
            "mkdir sub",
            "mkdir -m 0750 sub2",
            "touch file",
            "mkfifo pipe",
            // open(O_CREAT) with S_ISGID|S_IXGRP by a non-member: Linux strips the bit (mode_strip_sgid).
            "python3 -c 'import os; os.close(os.open(\"sgid\", os.O_CREAT | os.O_WRONLY, 0o2775))'",
            "python3 -c 'import os; os.mknod(\"sgidpipe\", 0o2674 | 0o010000)'",
            // chmod g+s of an own file whose group the caller is not in: silently not set (setattr_prepare).
            "chmod 2755 file");
        Twin.Same(asNobody: false,
            "python3 -c 'import os; os.close(os.open(\"g/rootsgid\", os.O_CREAT | os.O_WRONLY, 0o2775))'");
        var transcript = Twin.Same(asNobody: false, "cd g && stat -c '%n %F %a %u:%g' sub sub2 file pipe sgid sgidpipe rootsgid");
        Assert.That(transcript, Does.Contain($"sub directory 2755 65534:{OtherGroup}\n"));
        Assert.That(transcript, Does.Contain($"sub2 directory 2750 65534:{OtherGroup}\n"));
        Assert.That(transcript, Does.Contain($"file regular empty file 755 65534:{OtherGroup}\n"));
        Assert.That(transcript, Does.Contain($"pipe fifo 644 65534:{OtherGroup}\n"));
        Assert.That(transcript, Does.Contain($"sgid regular empty file 755 65534:{OtherGroup}\n"));
        Assert.That(transcript, Does.Contain($"rootsgid regular empty file 2755 0:{OtherGroup}\n"), "root (CAP_FSETID) keeps it");
    }

    [Test]
    public void A_sticky_directory_lets_only_owners_remove_and_rename()
    {
        Twin.Same(asNobody: false,
            "mkdir t && chmod 1777 t",
            "touch t/roots && chmod 666 t/roots && mkfifo -m 666 t/rootpipe");
        var transcript = Twin.Same(asNobody: true,
            "rm -f t/roots",
            "mv t/rootpipe t/moved",
            "echo written > t/roots && cat t/roots",
            "touch t/mine && mkfifo t/minepipe && mv t/mine t/mine2 && rm t/mine2 t/minepipe",
            "ls t");
        Assert.That(transcript, Does.Contain("rm: cannot remove 't/roots': Operation not permitted\n#0 exit 1"));
        Assert.That(transcript, Does.Contain("#1 exit 1"));
        Assert.That(transcript, Does.Contain("written\n#2 exit 0\n#3 exit 0\nrootpipe\nroots\n#4 exit 0"));
    }

    [Test]
    public void Chmod_chown_and_utimensat_follow_the_owner_rules()
    {
        Twin.Same(asNobody: false,
            "mkdir -m 0777 a",
            "touch a/r644 a/r666 && chmod 644 a/r644 && chmod 666 a/r666 && mkfifo -m 0644 a/rpipe");
        var transcript = Twin.Same(asNobody: true,
            "chmod 600 a/r644",
            "chown 65534 a/r644",
            "chmod 600 a/rpipe",
            "touch a/own && mkfifo a/ownpipe",
            "chown 0 a/own",
            $"chgrp {OtherGroup} a/own",
            "chgrp 65534 a/own && chmod 640 a/own && chmod 600 a/ownpipe",
            "touch -d 2001-01-01T00:00:00Z a/r666",
            "touch a/r666",
            "touch a/r644",
            "touch -d 2001-01-01T00:00:00Z a/own");
        Assert.That(NativeTwin.Exits(transcript), Is.EqualTo(new[] { 1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0 }));
        var after = Twin.Same(asNobody: false, "stat -c '%n %a %u:%g' a/r644 a/rpipe a/own a/ownpipe && stat -c '%Y' a/own");
        Assert.That(after, Does.Contain("a/r644 644 0:0\na/rpipe 644 0:0\na/own 640 65534:65534\na/ownpipe 600 65534:65534\n978307200\n"));
    }

    [Test]
    public void Chown_clears_set_id_bits_of_files_and_special_files_and_modes_are_kept_as_given()
    {
        var transcript = Twin.Same(asNobody: false,
            "touch f && chmod 6755 f && chown 5:5 f",
            "touch l && chmod 2745 l && chown 5:5 l",
            "mkfifo p && chmod 6775 p && chown 5:5 p",
            "mkdir d && chmod 3775 d && chown 5:5 d",
            "(umask 077; mkfifo p2; mknod c2 c 1 3; mkdir d2; touch f2)",
            "(umask 0; mkdir -m 1777 d3; python3 -c 'import os; os.mknod(\"c3\", 0o4755 | 0o020000, os.makedev(1, 3))')",
            "stat -c '%n %a %u:%g' f l p d p2 c2 d2 f2 d3 c3");
        Assert.That(transcript, Does.Contain("f 755 5:5\nl 2745 5:5\np 775 5:5\nd 3775 5:5\np2 600 0:0\nc2 600 0:0\nd2 700 0:0\nf2 600 0:0\nd3 1777 0:0\nc3 4755 0:0\n"));
    }
}
