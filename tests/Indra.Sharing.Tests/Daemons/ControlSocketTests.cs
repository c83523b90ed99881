using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Indra.Control;
using Indra.Control.Service;
using Indra.Control.Service.Interop.Unix;
using Indra.Engine.Interop;
using Indra.Tests.Shared;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// The daemon's control socket against what is not its owner's well-formed request: another local user cannot connect
/// (the socket is 0600 in an owner-only folder), and when the file modes would let it, the kernel's SO_PEERCRED answer
/// refuses it before its request is read; malformed, oversized and wrongly versioned requests get an error answer and
/// the daemon keeps serving.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlSocketTests
{
    private DaemonVault _vault = null!;
    private string _socket = "";

    [OneTimeSetUp]
    public void Start()
    {
        _vault = new DaemonVault(DaemonTrio.Root, "ctl-socket-" + Guid.NewGuid().ToString("N")[..6]);
        _socket = ControlSocket.PathFor(_vault.VaultDirectory);
    }

    [OneTimeTearDown]
    public void Stop() => _vault.Dispose();

    [Test]
    public void TheSocket_IsOwnerOnly()
    {
        var mode = File.GetUnixFileMode(_socket);
        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(_socket)!) & (UnixFileMode.GroupExecute | UnixFileMode.OtherExecute), Is.EqualTo(UnixFileMode.None));
    }

    [Test]
    public void AnotherUser_CannotConnect_AndIsRefusedByItsUidWhenTheModesWouldLetIt()
    {
        var asOther = AsOtherUser();
        Assert.That(asOther.ExitCode, Is.Not.Zero, "uid 65534 is kept out by the socket's folder and mode");
        Assert.That(asOther.Stdout, Does.Not.Contain("\"player\""));

        // Open the way (folder traversable, socket writable by all) to reach the SO_PEERCRED check itself.
        var folder = Path.GetDirectoryName(_socket)!;
        var (folderMode, socketMode) = (File.GetUnixFileMode(folder), File.GetUnixFileMode(_socket));
        try
        {
            File.SetUnixFileMode(folder, folderMode | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(_socket, socketMode | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            // Every time: the refusal is read before the connection closes (a close with the request unread would reset it).
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var refused = AsOtherUser();
                Assert.That(refused.Stdout, Does.Contain("403").And.Contain("PermissionDenied").And.Not.Contain("\"player\""), $"attempt {attempt}: {refused.Stderr}");
            }
        }
        finally
        {
            File.SetUnixFileMode(_socket, socketMode);
            File.SetUnixFileMode(folder, folderMode);
        }
        Wait.Until(() => _vault.LogText().Contains("refused a control connection from uid 65534", StringComparison.Ordinal), "the refusal in the daemon's log");
        Assert.That(Exchange(Get("/v1/status")), Does.StartWith("HTTP/1.1 200"), "the owner is still served");
    }

    [Test]
    public async Task MalformedOversizedAndMisversionedRequests_GetAnError_AndTheDaemonKeepsServing()
    {
        var malformed = Exchange(Post("/v1/mkdir", "{\"path\": "));
        Assert.That(malformed, Does.StartWith("HTTP/1.1 400").And.Contain("\"kind\":\"InvalidArgument\""));

        var missing = Exchange(Post("/v1/grants", "{\"peer\":\"x\"}"));
        Assert.That(missing, Does.StartWith("HTTP/1.1 400").And.Contain("\"kind\":\"InvalidArgument\""), "a body without a required member");

        var oversized = Exchange(Post("/v1/mkdir", "{\"path\":\"" + new string('a', ControlLimits.MaxRequestBytes) + "\"}"));
        Assert.That(oversized, Does.StartWith("HTTP/1.1 413").And.Contain("\"kind\":\"InvalidArgument\""));

        var garbage = Exchange("NOT HTTP AT ALL\r\n\r\n");
        Assert.That(garbage, Does.StartWith("HTTP/1.1 400"));

        var version = Exchange($"GET /v1/status HTTP/1.1\r\nHost: x\r\n{Indra.Control.Wire.ControlWire.VersionHeader}: 99\r\nConnection: close\r\n\r\n");
        Assert.That(version, Does.StartWith("HTTP/1.1 400").And.Contain("\"kind\":\"VersionMismatch\""));
        Assert.That(Exchange(Get("/v2/status")), Does.Contain("\"kind\":\"VersionMismatch\""));
        Assert.That(Exchange(Get("/v1/nothing")), Does.StartWith("HTTP/1.1 404").And.Contain("\"kind\":\"NotFound\""));
        Assert.That(Exchange(Get("/v1/heat?top=lots")), Does.StartWith("HTTP/1.1 400").And.Contain("\"kind\":\"InvalidArgument\""));

        await using var control = await VaultControl.ConnectAsync(_vault.VaultDirectory);
        var status = await control.GetStatusAsync();
        Assert.That(status.Mounted, Is.True, "a later request is served");
        Assert.That(status.Pid, Is.EqualTo(_vault.Pid));
    }

    [Test]
    public void PeerCredential_HasTheLayoutOfStructUcred_AndNamesThisProcessOverARealSocket()
    {
        Assert.That(Marshal.SizeOf<PeerCredential>(), Is.EqualTo(12));
        Assert.That(Marshal.OffsetOf<PeerCredential>(nameof(PeerCredential.Pid)).ToInt32(), Is.Zero);
        Assert.That(Marshal.OffsetOf<PeerCredential>(nameof(PeerCredential.Uid)).ToInt32(), Is.EqualTo(4));
        Assert.That(Marshal.OffsetOf<PeerCredential>(nameof(PeerCredential.Gid)).ToInt32(), Is.EqualTo(8));

        var path = Path.Combine(DaemonTrio.Root, "ucred-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));
        using var accepted = listener.Accept();
        var credential = PeerCredentials.Of(accepted);
        Assert.That(credential, Is.Not.Null);
        Assert.That(credential!.Value.Pid, Is.EqualTo(Environment.ProcessId));
        Assert.That(credential.Value.Uid, Is.EqualTo(CurrentUser.Uid));
        Assert.That(credential.Value.Gid, Is.EqualTo(CurrentUser.Gid));
        File.Delete(path);
    }

    /// <summary>curl as uid 65534 asking for the status; its output ends with the HTTP status code.</summary>
    private Shell.Result AsOtherUser() =>
        Shell.Run("setpriv", ["--reuid=" + OtherUser.Id, "--regid=" + OtherUser.Id, "--clear-groups",
            "curl", "-s", "-m", "10", "-w", "\n%{http_code}", "--unix-socket", _socket, "http://indra/v1/status"]);

    private static string Get(string route) => $"GET {route} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    private static string Post(string route, string body) =>
        $"POST {route} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    /// <summary>Sends <paramref name="request"/> as raw bytes on a new connection and reads the whole answer.</summary>
    private string Exchange(string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(_socket));
        socket.ReceiveTimeout = 30_000;
        try
        {
            socket.Send(Encoding.UTF8.GetBytes(request));
        }
        catch (SocketException)
        {
            // The daemon may answer and close before an oversized body is all sent; its answer is read below.
        }
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = socket.Receive(buffer)) > 0) answer.Write(buffer, 0, read);
        }
        catch (SocketException) when (answer.Length > 0)
        {
            // A reset after the answer (the rest of the body unread) ends the exchange.
        }
        return Encoding.UTF8.GetString(answer.ToArray());
    }
}
