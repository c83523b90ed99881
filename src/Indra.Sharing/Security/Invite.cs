using System.Globalization;
using Indra.Engine.Domain;

namespace Indra.Sharing.Security;

/// <summary>
/// What one vault hands another to pair: its player id and the endpoint of its peer service, written
/// <c>indra:PLAYERID@HOST:PORT</c> (an IPv6 host in brackets). Pairing is mutual: each side adds the other's invite.
/// </summary>
/// <param name="PlayerId">The inviter's player id.</param>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port.</param>
public sealed record Invite(PlayerId PlayerId, string Host, int Port)
{
    private const string Prefix = "indra:";

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Prefix}{PlayerId}@{(Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses an invite.</summary>
    /// <exception cref="SharingException">Not of the form <c>indra:PLAYERID@HOST:PORT</c>.</exception>
    public static Invite Parse(string text)
    {
        text = text.Trim();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) throw Bad();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || !PlayerId.TryParse(text.AsSpan(Prefix.Length, at - Prefix.Length), out var id)) throw Bad();
        var endpoint = text[(at + 1)..];
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0) throw Bad();
        var host = endpoint[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@')) throw Bad();
        if (!int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535) throw Bad();
        return new Invite(id, host, port);

        static SharingException Bad() => new("an invite looks like indra:PLAYERID@HOST:PORT (ask the peer for 'indra peer invite')");
    }
}
