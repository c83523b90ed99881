using System.Net.Sockets;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// All seven file types through a real mount, each test running the same calls in the mount and in a native ext4
/// directory under /tmp (<see cref="NativeTwin"/>) and requiring the same results: FIFOs and Unix sockets work (the
/// kernel does their I/O), device nodes keep rdev, mode and owner across a remount, every special type links,
/// renames and unlinks, and readdir gives each its d_type.
/// </summary>
[TestFixture]
[NonParallelizable] // unmounts and remounts the fixture's vault
public sealed class SpecialFileMountTests : TwinMountFixture
{
    [Test]
    public void A_fifo_carries_a_message_from_a_writer_to_a_reader()
    {
        // A hang (the open of a FIFO waiting for a partner that never comes) fails through timeout(1) instead of blocking.
        var transcript = Twin.Same(asNobody: false,
            "mkfifo -m 0640 pipe",
            "stat -c '%n %F %a %s %h' pipe",
            "timeout 10 sh -c 'echo through the pipe > pipe' & timeout 10 cat pipe; wait $!",
            "timeout 10 sh -c 'exec 3<>pipe; echo both ends >&3; head -n 1 <&3'");
        Assert.That(transcript, Does.Contain("pipe fifo 640 0 1\n#1 exit 0"));
        Assert.That(transcript, Does.Contain("through the pipe\n#2 exit 0"));
        Assert.That(transcript, Does.Contain("both ends\n#3 exit 0"));
    }

    [Test]
    public void A_unix_socket_bound_in_the_mount_is_listened_on_and_connected_to()
    {
        var native = Exchange(Path.Combine(Twin.Native, "sock"));
        Assert.That(native, Is.EqualTo("socket 0 1\nping/pong"));
        Assert.That(Exchange(Path.Combine(Twin.Mounted, "sock")), Is.EqualTo(native));
        Assert.That(Path.Exists(Path.Combine(Twin.Mounted, "sock")), Is.False, ".NET unlinks the name when the bound socket closes");

        // Bound by a process that leaves the name behind (python), as most programs do: it stays until removed.
        var transcript = Twin.Same(asNobody: false, BindSock, "stat -c '%n %F %s %h' sock", "rm sock", "ls");
        Assert.That(transcript, Does.StartWith("#0 exit 0\nsock socket 0 1\n#1 exit 0\n#2 exit 0\n#3 exit 0"));
    }

    [Test]
    public void Device_nodes_keep_rdev_mode_and_owner_across_a_remount_as_on_ext4()
    {
        const string list = "stat -c '%n %F %a %t:%T %u:%g %h %s' null sda pipe";
        var before = Twin.Same(asNobody: false,
            "mknod -m 0640 null c 1 3",
            "mknod -m 0660 sda b 8 0",
            "mkfifo -m 0604 pipe",
            "chown 123:456 null",
            "chown 7:6 sda",
            list);
        Assert.That(before, Does.Contain("null character special file 640 1:3 123:456 1 0\nsda block special file 660 8:0 7:6 1 0\npipe fifo 604 0:0 0:0 1 0\n"));

        Mounted.Unmount();
        Mounted.Mount();
        var after = Twin.Same(asNobody: false, list);
        Assert.That(before, Does.EndWith(after.Replace("#0 exit", "#5 exit", StringComparison.Ordinal)), "the same after a remount");
    }

    [Test]
    public void Each_special_type_links_renames_and_unlinks_as_on_ext4()
    {
        var transcript = Twin.Same(asNobody: false,
            "mkfifo pipe && mknod chr c 1 5 && mknod blk b 7 0 && " + BindSock,
            "for n in pipe sock chr blk; do ln $n $n.link && stat -c '%n %h %F %t:%T' $n $n.link; done",
            "for n in pipe sock chr blk; do mv $n.link moved-$n && rm $n && stat -c '%n %h %F %t:%T' moved-$n; done",
            "mkdir sub && mv moved-pipe sub/ && mv moved-sock moved-chr && ls -1 . sub",
            "rm moved-chr moved-blk sub/moved-pipe && ls -A . sub");
        Assert.That(transcript, Does.Contain("chr 2 character special file 1:5\nchr.link 2 character special file 1:5\n"));
        Assert.That(transcript, Does.Contain("moved-blk 1 block special file 7:0\n"));
        Assert.That(transcript, Does.Contain("moved-chr\nsub\n\nsub:\nmoved-pipe\n#3 exit 0"), "rename over a special file replaced it");
        Assert.That(transcript, Does.Contain("sub\n\nsub:\n#4 exit 0"));
    }

    [Test]
    public void Listings_give_each_type_its_d_type_and_ls_its_letter()
    {
        var transcript = Twin.Same(asNobody: false,
            "mkfifo pipe && mknod chr c 1 3 && mknod blk b 8 0 && mkdir dir && echo x > file && ln -s file link && " + BindSock,
            "ls -l | tail -n +2 | cut -c1 | LC_ALL=C sort | tr -d '\\n'");
        Assert.That(transcript, Does.Contain("#0 exit 0\n-bcdlps#1 exit 0"));

        var mounted = Posix.DirectoryTypes(Twin.Mounted);
        Assert.That(mounted, Is.EqualTo(Posix.DirectoryTypes(Twin.Native)));
        Assert.That(mounted, Is.EqualTo(new SortedDictionary<string, byte>(StringComparer.Ordinal)
        {
            ["blk"] = 6, ["chr"] = 2, ["dir"] = 4, ["file"] = 8, ["link"] = 10, ["pipe"] = 1, ["sock"] = 12,
        }));
        Mounted.Unmount();
        Mounted.Mount();
        Assert.That(Posix.DirectoryTypes(Twin.Mounted), Is.EqualTo(mounted), "read back from SQLite after a remount");
    }

    /// <summary>A step that binds a Unix socket named "sock" and exits, leaving the name (python3's socket module).</summary>
    private const string BindSock = "python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind(\"sock\")'";

    /// <summary>
    /// Binds, listens, connects and exchanges "ping" and "pong" at <paramref name="path"/>; returns the node's
    /// <c>stat -c '%F %s %h'</c> while bound, then what was said.
    /// </summary>
    private static string Exchange(string path)
    {
        var endPoint = new UnixDomainSocketEndPoint(path);
        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        server.Bind(endPoint);
        server.Listen(1);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 10_000 };
        var accepting = server.AcceptAsync();
        client.Connect(endPoint);
        Assert.That(accepting.Wait(TimeSpan.FromSeconds(10)), Is.True, "accept");
        using var accepted = accepting.Result;
        accepted.ReceiveTimeout = 10_000;
        client.Send("ping"u8);
        var buffer = new byte[16];
        var asked = System.Text.Encoding.ASCII.GetString(buffer, 0, accepted.Receive(buffer));
        accepted.Send("pong"u8);
        var answered = System.Text.Encoding.ASCII.GetString(buffer, 0, client.Receive(buffer));
        return Shell.Run("stat", ["-c", "%F %s %h", path]).Ok().Stdout + asked + "/" + answered;
    }
}
