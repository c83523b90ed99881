using Indra.Engine.Domain;

namespace Indra.Control.Wire;

/// <summary>A request naming one vault path (mkdir).</summary>
/// <param name="Path">The vault path.</param>
public sealed record PathRequest(string Path);

/// <summary>A request to set a folder's TreeType.</summary>
/// <param name="Path">The folder's vault path.</param>
/// <param name="TreeType">Its new TreeType (by name: <c>"Gallery"</c>).</param>
public sealed record TreeTypeRequest(string Path, TreeType TreeType);

/// <summary>A request naming one peer or realm.</summary>
/// <param name="Name">Its name.</param>
public sealed record NameRequest(string Name);

/// <summary>A remove request.</summary>
/// <param name="Path">The vault path.</param>
/// <param name="Recursive">Remove a non-empty folder with everything in it.</param>
public sealed record RemoveRequest(string Path, bool Recursive = false);

/// <summary>A rename or copy request.</summary>
/// <param name="From">The source vault path.</param>
/// <param name="To">The target vault path.</param>
/// <param name="Replace">Rename: replace a file at <paramref name="To"/>. Copy: copy a folder recursively.</param>
public sealed record MoveRequest(string From, string To, bool Replace = false);

/// <summary>A share request (<see cref="IVaultControl.ShareAsync"/>).</summary>
/// <param name="Path">The vault path.</param>
/// <param name="Peer">The peer's name.</param>
/// <param name="Mode">The grant's mode.</param>
/// <param name="Until">A timed grant's expiry, UTC.</param>
public sealed record ShareRequest(string Path, string Peer, AccessMode Mode = AccessMode.Revocable, DateTimeOffset? Until = null);

/// <summary>A recall request (<see cref="IVaultControl.RecallAsync"/>).</summary>
/// <param name="Path">The vault path.</param>
/// <param name="Peer">The peer's name.</param>
public sealed record RecallRequest(string Path, string Peer);

/// <summary>A pairing request (<see cref="IVaultControl.AddPeerAsync"/>).</summary>
/// <param name="Name">The local name of the peer.</param>
/// <param name="Invite">Its invite.</param>
/// <param name="AutoAccept">Accept its offers without asking.</param>
public sealed record AddPeerRequest(string Name, string Invite, bool AutoAccept = false);

/// <summary>A realm request (<see cref="IVaultControl.CreateRealmAsync"/>).</summary>
/// <param name="Name">The realm's name.</param>
/// <param name="Members">Paired peers' names.</param>
public sealed record RealmRequest(string Name, IReadOnlyList<string> Members);

/// <summary>An answer that is a count (recall).</summary>
/// <param name="Count">How many.</param>
public sealed record CountAnswer(int Count);

/// <summary>An answer that is an invite.</summary>
/// <param name="Invite">The invite text (<c>indra:PLAYER@HOST:PORT</c>).</param>
public sealed record InviteAnswer(string Invite);

/// <summary>Every failed request's body: why, and one line for the user.</summary>
/// <param name="Kind">Why.</param>
/// <param name="Message">One line.</param>
public sealed record ErrorAnswer(ControlErrorKind Kind, string Message);

/// <summary>One line of a check's or collection's answer: progress, the result, or an error (exactly one is set).</summary>
/// <typeparam name="T">The result's type.</typeparam>
/// <param name="Progress">How far it is.</param>
/// <param name="Result">The final result.</param>
/// <param name="Error">Why it failed.</param>
public sealed record MaintenanceLine<T>(Model.MaintenanceProgress? Progress, T? Result, ErrorAnswer? Error) where T : class;
