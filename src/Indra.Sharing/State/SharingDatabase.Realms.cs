using Indra.Engine.Domain;

namespace Indra.Sharing.State;

public sealed partial class SharingDatabase
{
    /// <summary>
    /// Creates or replaces realm <paramref name="name"/> with these members. Members are players, not names: a peer
    /// later paired under a removed member's name does not join.
    /// </summary>
    public void SetRealm(string name, IReadOnlyList<PlayerId> members)
    {
        InTransaction(() =>
        {
            Execute("DELETE FROM realm_players WHERE realm = $0", name);
            foreach (var member in members.Distinct()) Execute("INSERT INTO realm_players(realm, player_id) VALUES($0, $1)", name, Hex(member));
        });
    }

    /// <summary>Deletes realm <paramref name="name"/>; false when there was none.</summary>
    public bool DeleteRealm(string name) => Execute("DELETE FROM realm_players WHERE realm = $0", name) > 0;

    /// <summary>Realms by name with their members' player ids (paired or not any more).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PlayerId>> ListRealms() =>
        Query("SELECT realm, player_id FROM realm_players ORDER BY realm, player_id", r => (r.GetString(0), PlayerId.Parse(r.GetString(1))))
            .GroupBy(p => p.Item1, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PlayerId>)g.Select(p => p.Item2).ToList(), StringComparer.Ordinal);
}
