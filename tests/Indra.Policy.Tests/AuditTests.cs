using System.Text.Json;
using Indra.FileSystem;
using Indra.Policy.Audit;
using Indra.Policy.Layers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indra.Policy.Tests;

/// <summary>The audit layer's lines and the trail's rotation, in a real file under /tmp.</summary>
[TestFixture]
public sealed class AuditTests : LayerFixture
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-audit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private List<JsonElement> Lines(AuditTrail trail) =>
        File.ReadAllLines(trail.Path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Each_change_is_one_line_with_who_what_and_where()
    {
        var trail = new AuditTrail(_dir, 1 << 20, 2);
        using var audit = new AuditLayer(Fs, trail, TimeProvider.System, NullLogger.Instance);
        WriteFile(audit, "a", 10);
        audit.MakeDirectory(ReservedInodes.Vault, "d", 0x1ED, Caller, out _);
        Assert.That(audit.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "b", RenameFlags.None), Is.EqualTo(Errno.None));
        Assert.That(audit.Unlink(ReservedInodes.Vault, "b"), Is.EqualTo(Errno.None));
        Assert.That(audit.Unlink(ReservedInodes.Vault, "b"), Is.EqualTo(Errno.ENOENT));
        var lines = Lines(trail);
        Assert.That(lines.Select(l => l.GetProperty("op").GetString() + " " + l.GetProperty("path").GetString()),
            Is.EqualTo(new[] { "create /vault/a", "write /vault/a", "create /vault/d", "rename /vault/a", "delete /vault/b" }), "a failed change is not recorded");
        Assert.That(lines.Take(3).Select(l => l.GetProperty("uid").GetUInt32()), Is.All.EqualTo(1000u));
        Assert.That(lines[3].GetProperty("detail").GetString(), Is.EqualTo("/vault/b"));
        Assert.That(lines[1].GetProperty("artifact").GetString(), Has.Length.EqualTo(64));
        Assert.That(lines[4].GetProperty("artifact").GetString(), Is.EqualTo(lines[3].GetProperty("artifact").GetString()));
        Assert.That(File.GetUnixFileMode(trail.Path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void The_trail_rotates_at_its_size_and_keeps_as_many_old_files_as_set()
    {
        var trail = new AuditTrail(_dir, 4096, 2);
        var record = new AuditRecord(DateTime.UtcNow, 1, "p", 2, "write", "/vault/" + new string('x', 200), new string('0', 64));
        var lineBytes = AuditTrail.Line(record).Length;
        var perFile = (4096 + lineBytes - 1) / lineBytes;
        for (var i = 0; i < perFile * 4; i++) trail.Append(record);
        Assert.That(Directory.GetFiles(trail.Folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { "audit.jsonl", "audit.jsonl.1", "audit.jsonl.2" }));
        Assert.That(new FileInfo(trail.Path + ".1").Length, Is.EqualTo(perFile * lineBytes));
        Assert.That(trail.Tail(lineBytes * 2 + 5).Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2), "whole lines only");
    }
}
