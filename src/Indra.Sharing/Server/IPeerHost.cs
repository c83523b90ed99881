using Indra.Engine.Content;
using Indra.Engine.Domain;
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

    /// <summary>Our vault's blocks.</summary>
    ContentBlocks OwnBlocks { get; }

    /// <summary>The recipient of transfer grant <paramref name="grantId"/> took stewardship: give up ours.</summary>
    /// <returns>False when no such active transfer grant to <paramref name="peer"/> exists.</returns>
    bool AcceptTransfer(PlayerId peer, string grantId);

    /// <summary>Records attention <paramref name="peer"/> paid to artifacts of <paramref name="manifest"/>.</summary>
    void RecordAttention(PlayerId peer, ServedManifest manifest, AttentionReportDto report);

    /// <summary>Writes one log line.</summary>
    void Log(string line);
}
