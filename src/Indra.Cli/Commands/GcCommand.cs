using System.CommandLine;
using System.Globalization;
using Indra.Cli.Hosting;
using Indra.Engine.Maintenance;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary><c>indra gc</c>: reclaims blocks no file uses (the vault must not be mounted).</summary>
internal static class GcCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var command = new Command("gc", "Reclaim the space of blocks no file uses; the vault must not be mounted") { vault };
        var keyFile = VaultKeyOptions.KeyFile(); // encryption at rest (docs/encryption.md)
        command.Options.Add(keyFile);
        command.SetAction(parse =>
        {
            using var loggers = CliLogging.Create(debug: false, logFile: null, TimeProvider.System);
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            var keys = VaultKeyOptions.ForOpening(directory, parse.GetValue(keyFile));
            using var opened = Vault.Open(directory, new VaultServices(TimeProvider.System, loggers) { Keys = keys.Source });
            var (blocks, bytes) = GarbageCollector.Collect(opened, line => Console.Error.WriteLine(line));
            Console.WriteLine($"gc: reclaimed {blocks} blocks, {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes");
            return 0;
        });
        return command;
    }
}
