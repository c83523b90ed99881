using Indra.Engine.Domain;
using Indra.Engine.Interop;
using Indra.Policy;
using Indra.Policy.Audit;
using Indra.Sharing.State;

namespace Indra.Sharing;

/// <summary>
/// Machine policy where sharing is administered (docs/policy.md): pairing and granting obey <c>sharing.enabled</c>,
/// <c>sharing.modes</c> and <c>sharing.peers</c>, and share, recall and pair are written to the vault's audit trail
/// when <c>audit.enabled</c> is on. The policy is read on every call (this machine's and this user's,
/// <see cref="EffectivePolicy.ForThisMachine"/>), so the CLI's verbs and the daemon's control path obey the same one.
/// </summary>
internal static class SharingPolicy
{
    /// <summary>The policy in force.</summary>
    /// <exception cref="SharingException">The policy is invalid (its one line).</exception>
    public static EffectivePolicy Current()
    {
        try
        {
            return EffectivePolicy.ForThisMachine();
        }
        catch (PolicyException e)
        {
            throw new SharingException(e.Message);
        }
    }

    /// <summary>Refuses pairing with <paramref name="player"/> when the policy does.</summary>
    /// <exception cref="SharingException">Refused: the policy's reason.</exception>
    public static void RequirePairing(EffectivePolicy policy, PlayerId player)
    {
        if (policy.RefusePairing(player) is { } reason) throw new SharingException(reason);
    }

    /// <summary>Refuses a grant of <paramref name="mode"/> to <paramref name="player"/> when the policy does.</summary>
    /// <exception cref="SharingException">Refused: the policy's reason.</exception>
    public static void RequireGrant(EffectivePolicy policy, AccessMode mode, PlayerId player)
    {
        if (policy.RefuseGrant(mode, player) is { } reason) throw new SharingException(reason);
    }

    /// <summary>Appends <paramref name="operation"/> (share, recall, pair) by this process's user to the audit trail of
    /// <paramref name="db"/>'s vault when the policy turns auditing on.</summary>
    /// <exception cref="IOException">The trail cannot be written (also UnauthorizedAccessException).</exception>
    public static void Audit(EffectivePolicy policy, SharingDatabase db, string operation, string path, string artifact, string detail)
    {
        if (AuditTrail.For(db.VaultDirectory, policy) is not { } trail) return;
        var pid = Environment.ProcessId;
        trail.Append(new AuditRecord(DateTime.UtcNow, CurrentUser.Uid, AuditRecord.ProcessName(pid), pid, operation, path, artifact, detail));
    }
}
