using System.CommandLine;
using System.Globalization;
using System.Net;
using Indra.Sharing;
using Indra.Sharing.State;

namespace Indra.Cli.Commands;

/// <summary><c>indra peer listen ADDRESS:PORT</c>: where the mount daemon's peer endpoint listens, from the next mount on.</summary>
internal static class PeerListenCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var endpoint = new Argument<string>("ADDRESS:PORT") { Description = "Where the mount daemon's peer endpoint listens (default 127.0.0.1:7411)" };
        var command = new Command("listen", "Set the address and port the peer endpoint listens on (takes effect at the next mount)") { endpoint, vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var text = parse.GetValue(endpoint)!;
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !IPAddress.TryParse(text[..colon].Trim('[', ']'), out var address)
                || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
            {
                throw new SharingException("expected ADDRESS:PORT, e.g. 127.0.0.1:7411");
            }
            db.SetSetting(SharingDatabase.ListenAddressSetting, address.ToString());
            db.SetSetting(SharingDatabase.ListenPortSetting, port.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine($"the peer endpoint will listen on {address}:{port}");
        }));
        return command;
    }
}
