using System.CommandLine;

namespace Indra.Cli.Commands;

/// <summary><c>indra realm create|delete|list</c>: named sets of peers, shown under <c>/realms</c>.</summary>
internal static class RealmCommand
{
    internal static Command Create() =>
        new("realm", "Named sets of peers: create, delete, list")
        {
            RealmCreateCommand.Create(),
            RealmDeleteCommand.Create(),
            RealmListCommand.Create(),
        };
}
