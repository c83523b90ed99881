using System.CommandLine;
using System.Globalization;
using Indra.Cli.Hosting;
using Indra.Cli.Terminal;
using Indra.Cli.Terminal.Documents;
using Indra.Engine.Maintenance;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary><c>indra gc [--json]</c>: reclaims blocks no file uses (the vault must not be mounted), with progress on
/// standard error (<see cref="ProgressDisplay"/>). Exit 0, or 1 when the vault cannot be opened.</summary>
internal static class GcCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var json = JsonOption.Create();
        var command = new Command("gc", "Reclaim the space of blocks no file uses; the vault must not be mounted") { vault, json };
        var keyFile = VaultKeyOptions.KeyFile(); // encryption at rest (docs/encryption.md)
        command.Options.Add(keyFile);
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            using var loggers = CliLogging.Create(debug: false, logFile: null, TimeProvider.System);
            using var opened = Vault.Open(directory, new VaultServices(TimeProvider.System, loggers) { Keys = VaultKeyOptions.ForOpening(directory, parse.GetValue(keyFile)).Source });
            var (blocks, bytes) = ProgressDisplay.Run("gc", report => GarbageCollector.Collect(opened, report));
            if (parse.GetValue(json)) JsonOutput.Write(new GcDocument(directory, blocks, bytes));
            else Console.WriteLine($"gc: reclaimed {blocks} blocks, {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes");
            return 0;
        });
        return command;
    }
}
