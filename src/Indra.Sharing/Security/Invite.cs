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

    /// <summary>
    /// Parses an invite, checking its address as a client will use it: the host an IP address or a DNS name that makes
    /// a valid <c>https://HOST:PORT/</c> URI (<see cref="Uri.CheckHostName"/>, RFC 3986 host syntax), the port 1 to 65535.
    /// </summary>
    /// <exception cref="SharingException">Not of the form <c>indra:PLAYERID@HOST:PORT</c>, or the address is not
    /// usable; the message is one line.</exception>
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
        if (!IsHost(host) || !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new SharingException($"the invite's address '{Printable(endpoint)}' is not usable: the host must be an IP address or a DNS name, the port 1 to 65535");
        }
        return new Invite(id, host, port);

        static SharingException Bad() => new("an invite looks like indra:PLAYERID@HOST:PORT (ask the peer for 'indra peer invite')");
    }

    /// <summary>True when <paramref name="host"/> (an IPv6 address without brackets) is an IP address or a DNS name that
    /// a client can put into <c>https://HOST:PORT/</c> and reach as given.</summary>
    internal static bool IsHost(string host)
    {
        var kind = Uri.CheckHostName(host);
        if (kind is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6)) return false;
        var literal = kind == UriHostNameType.IPv6 ? "[" + host + "]" : host;
        return Uri.TryCreate("https://" + literal + ":1/", UriKind.Absolute, out var uri)
            && uri.HostNameType == kind
            && (kind != UriHostNameType.Dns || string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary><paramref name="text"/> fit for a one-line message: control characters shown as '?', at most 100 characters.</summary>
    private static string Printable(string text)
    {
        var shown = new string([.. text.Take(100).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 100 ? shown + "..." : shown;
    }
}
