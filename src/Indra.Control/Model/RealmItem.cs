namespace Indra.Control.Model;

/// <summary>One realm: a named group of peers that see what is shared with the realm.</summary>
/// <param name="Name">The realm's name.</param>
/// <param name="Members">Member peers' names.</param>
public sealed record RealmItem(string Name, IReadOnlyList<string> Members);
