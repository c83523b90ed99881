using System.Text.Json.Serialization;
using Indra.Control.Model;

namespace Indra.Control.Wire;

/// <summary>
/// Serialization code generated at build time for every shape the control API sends (System.Text.Json source
/// generation), so neither a CLI command nor the daemon builds its converters by reflection and compiles them at run
/// time: that was most of the time a short command such as <c>indra grants</c> spent after its answer had arrived.
/// <see cref="ControlJson.Options"/> resolves these first and falls back to reflection for any other type.
/// </summary>
[JsonSerializable(typeof(VaultStatus))]
[JsonSerializable(typeof(VaultItem))]
[JsonSerializable(typeof(IReadOnlyList<VaultItem>))]
[JsonSerializable(typeof(HeatItem))]
[JsonSerializable(typeof(IReadOnlyList<HeatItem>))]
[JsonSerializable(typeof(HeatRanking))]
[JsonSerializable(typeof(AttentionItem))]
[JsonSerializable(typeof(IReadOnlyList<AttentionItem>))]
[JsonSerializable(typeof(AttentionFeed))]
[JsonSerializable(typeof(GrantItem))]
[JsonSerializable(typeof(IReadOnlyList<GrantItem>))]
[JsonSerializable(typeof(PeerItem))]
[JsonSerializable(typeof(IReadOnlyList<PeerItem>))]
[JsonSerializable(typeof(RealmItem))]
[JsonSerializable(typeof(IReadOnlyList<RealmItem>))]
[JsonSerializable(typeof(OfferItem))]
[JsonSerializable(typeof(IReadOnlyList<OfferItem>))]
[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(CollectReport))]
[JsonSerializable(typeof(MaintenanceProgress))]
[JsonSerializable(typeof(MaintenanceLine<CheckReport>))]
[JsonSerializable(typeof(MaintenanceLine<CollectReport>))]
[JsonSerializable(typeof(PathRequest))]
[JsonSerializable(typeof(TreeTypeRequest))]
[JsonSerializable(typeof(NameRequest))]
[JsonSerializable(typeof(RemoveRequest))]
[JsonSerializable(typeof(MoveRequest))]
[JsonSerializable(typeof(ShareRequest))]
[JsonSerializable(typeof(RecallRequest))]
[JsonSerializable(typeof(AddPeerRequest))]
[JsonSerializable(typeof(RealmRequest))]
[JsonSerializable(typeof(OfferRequest))]
[JsonSerializable(typeof(PeerQuotaRequest))]
[JsonSerializable(typeof(AutoAcceptRequest))]
[JsonSerializable(typeof(CountAnswer))]
[JsonSerializable(typeof(InviteAnswer))]
[JsonSerializable(typeof(ErrorAnswer))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
