using System.CommandLine;
using Indra.Cli;
using Indra.Cli.Commands;
using Indra.Cli.Hosting;
using Indra.Engine.Vaults;

var root = IndraCommands.Create();
try
{
    var parse = root.Parse(args);
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is CliException or VaultException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine(ErrorLine.Format(e.Message));
    return 1;
}
