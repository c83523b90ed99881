using System.CommandLine;
using Indra.Cli;
using Indra.Cli.Commands;
using Indra.Engine.Vaults;

var root = new RootCommand("indra: a content-addressed artifact vault mounted as a filesystem")
{
    InitCommand.Create(),
    MountCommand.Create(),
    UnmountCommand.Create(),
    StatusCommand.Create(),
    HashCommand.Create(),
    FsckCommand.Create(),
    GcCommand.Create(),
};
foreach (var command in Indra.Sharing.Cli.SharingCommands.Create()) root.Subcommands.Add(command);
try
{
    var parse = root.Parse(args);
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is CliException or VaultException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"indra: {e.Message}");
    return 1;
}
