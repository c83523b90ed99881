using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Protocol;

namespace Indra.Sharing.Server;

/// <summary>What the peer endpoint needs from the sharing service.</summary>
internal interface IPeerHost
{
    /// <summary>True when <paramref name="peer"/> is paired and not removed.</summary>
    bool IsPaired(PlayerId peer);

    /// <summary>True when <paramref name="peer"/> is paired or was and has been removed (it is let in to be told so).</summary>
    bool IsKnown(PlayerId peer);

    /// <summary>What <paramref name="peer"/> is granted now (cached briefly).</summary>
    ServedManifest ManifestFor(PlayerId peer);

    /// <summary>Pulsed when what the manifests are built from changed (grants, peers, realms); vault edits are not
    /// pulsed (a waiter looks again at the manifest every so often).</summary>
    ChangeSignal ManifestChanges { get; }

    /// <summary>Our vault's blocks.</summary>
    ContentBlocks OwnBlocks { get; }

    /// <summary>
    /// The recipient of transfer grant <paramref name="grantId"/> took stewardship of the version <paramref name="accepted"/>
    /// names (a leaf id or an entry digest): give up ours, removing exactly that version.
    /// </summary>
    /// <returns>What became of the acceptance.</returns>
    TransferAcceptance AcceptTransfer(PlayerId peer, string grantId, Blake3Hash accepted);

    /// <summary>Records attention <paramref name="peer"/> paid to artifacts of <paramref name="manifest"/>.</summary>
    void RecordAttention(PlayerId peer, ServedManifest manifest, AttentionReportDto report);

    /// <summary>Writes one log line at warning level: something an owner may have to look into.</summary>
    void Log(string line);

    /// <summary>Writes one log line at information level: what happens in the normal course of serving, such as a
    /// peer that went away in the middle of a request (it closed the connection, went offline or shut down).</summary>
    void Note(string line);
}

/// <summary>The answer to a transfer acceptance.</summary>
internal enum TransferAcceptance
{
    /// <summary>Done: the grant is complete (our copy removed, or kept because it changed since the offer).</summary>
    Completed,

    /// <summary>No active transfer grant of that id to that peer.</summary>
    Unknown,

    /// <summary>The offer expired before it was accepted; nothing changed.</summary>
    Expired,
}
