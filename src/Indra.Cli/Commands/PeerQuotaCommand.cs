using System.CommandLine;
using System.Globalization;
using Indra.Control.Model;
using Indra.Control.Service;
using Indra.Sharing;
using Indra.Sharing.State;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra peer quota NAME [--bytes N] [--entries N]</c>: the most a peer's grants and transfers may hold here
/// (<see cref="OfferAdmin.SetQuota"/>; defaults <see cref="PeerPolicy.DefaultQuotaBytes"/> bytes and
/// <see cref="PeerPolicy.DefaultQuotaEntries"/> entries); without options it prints the current quota. Through the
/// control API (<see cref="ControlVerb.Run"/>): a daemon serving the vault applies it at once (failed offers are tried again).
/// </summary>
internal static class PeerQuotaCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var name = new Argument<string>("NAME") { Description = "The paired peer" };
        var bytes = new Option<long?>("--bytes") { Description = $"Most bytes of its files held here (default {PeerPolicy.DefaultQuotaBytes.ToString(CultureInfo.InvariantCulture)})" };
        var entries = new Option<long?>("--entries") { Description = $"Most files and folders held here (default {PeerPolicy.DefaultQuotaEntries.ToString(CultureInfo.InvariantCulture)})" };
        var command = new Command("quota", "Show or set how much a peer's offers may hold here") { name, bytes, entries, vault };
        command.SetAction(parse =>
        {
            var (peerName, newBytes, newEntries) = (parse.GetValue(name)!, parse.GetValue(bytes), parse.GetValue(entries));
            return ControlVerb.Run(parse.GetValue(vault)!,
                control => control.SetPeerQuotaAsync(peerName, newBytes, newEntries),
                (_, db) => SharingOperations.SetQuota(db, null, peerName, newBytes, newEntries, Engine.Vaults.Vault.NowNs()),
                Show);
        });
        return command;
    }

    private static void Show(PeerItem peer)
    {
        var policy = new PeerPolicy(default, peer.AutoAccept, peer.QuotaBytes, peer.QuotaEntries);
        Console.WriteLine($"{peer.Name}: quota {policy.QuotaBytes.ToString(CultureInfo.InvariantCulture)} bytes, {policy.QuotaEntries.ToString(CultureInfo.InvariantCulture)} entries");
        var machine = MachineCap();
        var lowered = policy.LoweredTo(machine.PeerQuotaBytes, machine.PeerQuotaFiles);
        if (lowered != policy)
        {
            Console.WriteLine($"{peer.Name}: lowered by policy (quota.peerBytes, quota.peerFiles) to {lowered.QuotaBytes.ToString(CultureInfo.InvariantCulture)} bytes, "
                + $"{lowered.QuotaEntries.ToString(CultureInfo.InvariantCulture)} entries");
        }
    }

    /// <summary>The policy in force, whose per-peer quota lowers every peer's own (docs/policy.md).</summary>
    /// <exception cref="Indra.Control.VaultControlException">Unavailable: the policy is invalid.</exception>
    private static Indra.Policy.EffectivePolicy MachineCap()
    {
        try
        {
            return Indra.Policy.EffectivePolicy.ForThisMachine();
        }
        catch (Indra.Policy.PolicyException e)
        {
            throw new Indra.Control.VaultControlException(Indra.Control.ControlErrorKind.Unavailable, e.Message);
        }
    }
}
