using System.CommandLine;
using System.Globalization;
using Indra.Sharing;
using Indra.Sharing.State;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra peer quota NAME [--bytes N] [--entries N]</c>: the most a peer's grants and transfers may hold here
/// (<see cref="OfferAdmin.SetQuota"/>; defaults <see cref="PeerPolicy.DefaultQuotaBytes"/> bytes and
/// <see cref="PeerPolicy.DefaultQuotaEntries"/> entries); without options it prints the current quota.
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
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var peer = parse.GetValue(name)!;
            var policy = parse.GetValue(bytes) is null && parse.GetValue(entries) is null
                ? db.GetPolicy((db.FindPeer(peer) ?? throw new SharingException($"no peer named '{peer}' (see 'indra peer list')")).PlayerId)
                : OfferAdmin.SetQuota(db, peer, parse.GetValue(bytes), parse.GetValue(entries));
            Console.WriteLine($"{peer}: quota {policy.QuotaBytes.ToString(CultureInfo.InvariantCulture)} bytes, {policy.QuotaEntries.ToString(CultureInfo.InvariantCulture)} entries");
            var machine = MachineCap();
            var lowered = policy.LoweredTo(machine.PeerQuotaBytes, machine.PeerQuotaFiles);
            if (lowered != policy)
            {
                Console.WriteLine($"{peer}: lowered by policy (quota.peerBytes, quota.peerFiles) to {lowered.QuotaBytes.ToString(CultureInfo.InvariantCulture)} bytes, "
                    + $"{lowered.QuotaEntries.ToString(CultureInfo.InvariantCulture)} entries");
            }
        }));
        return command;
    }

    /// <summary>The policy in force, whose per-peer quota lowers every peer's own (docs/policy.md).</summary>
    /// <exception cref="SharingException">The policy is invalid.</exception>
    private static Indra.Policy.EffectivePolicy MachineCap()
    {
        try
        {
            return Indra.Policy.EffectivePolicy.ForThisMachine();
        }
        catch (Indra.Policy.PolicyException e)
        {
            throw new SharingException(e.Message);
        }
    }
}
