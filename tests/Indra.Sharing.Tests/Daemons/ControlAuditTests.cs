using System.Globalization;
using System.Text;
using System.Text.Json;
using Indra.Control;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// The audit trail of changes made through a daemon's control socket names the caller (its uid and pid from
/// SO_PEERCRED, its process name), not the daemon: here the caller is this test process.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlAuditTests
{
    [Test]
    public async Task ControlWrites_AreAuditedAsTheCaller()
    {
        using var vault = new DaemonVault(DaemonTrio.Root, "ctl-audit-" + Guid.NewGuid().ToString("N")[..6], mount: false, listenOnFreePort: false);
        DaemonVault.Run("mount", vault.MountPoint, "--vault", vault.VaultDirectory, "--background", "-o", "audit.enabled=true").Ok();
        var me = Environment.ProcessId;
        Assert.That(vault.Pid, Is.Not.EqualTo(me));
        await using (var control = new DaemonVaultControl(ControlSocket.PathFor(vault.VaultDirectory)))
        {
            await control.MakeDirectoryAsync("audited");
            await control.WriteAsync("audited/note.txt", new MemoryStream(Encoding.UTF8.GetBytes("audited\n")), WriteMode.Replace);
            await control.RenameAsync("audited/note.txt", "audited/renamed.txt", replace: false);
            await control.RemoveAsync("audited/renamed.txt", recursive: false);
        }
        var trail = Path.Combine(vault.VaultDirectory, "audit", "audit.jsonl");
        var lines = File.ReadAllLines(trail).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(l => l.GetProperty("path").GetString()!.Contains("/audited", StringComparison.Ordinal)).ToList();
        Assert.That(lines.Select(l => l.GetProperty("op").GetString()), Is.EquivalentTo(new[] { "create", "create", "write", "rename", "delete" }), string.Join('\n', lines));
        var comm = File.ReadAllText($"/proc/{me}/comm").Trim();
        foreach (var line in lines)
        {
            Assert.That(line.GetProperty("pid").GetInt32(), Is.EqualTo(me), $"the caller's pid, not the daemon's {vault.Pid}: {line}");
            Assert.That(line.GetProperty("process").GetString(), Is.EqualTo(comm), line.ToString());
            Assert.That(line.GetProperty("uid").GetUInt32().ToString(CultureInfo.InvariantCulture), Is.EqualTo(Indra.Engine.Interop.CurrentUser.Uid.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
