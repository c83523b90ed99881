using System.CommandLine;

namespace Indra.Cli.Commands;

/// <summary><c>indra peer invite|add|remove|list|listen|auto-accept|quota</c>: pairing with other vaults.</summary>
internal static class PeerCommand
{
    internal static Command Create() =>
        new("peer", "Pair with other vaults: invite, add, remove, list, listen, auto-accept, quota")
        {
            PeerInviteCommand.Create(),
            PeerAddCommand.Create(),
            PeerRemoveCommand.Create(),
            PeerListCommand.Create(),
            PeerListenCommand.Create(),
            PeerAutoAcceptCommand.Create(),
            PeerQuotaCommand.Create(),
        };
}
