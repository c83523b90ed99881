using System.CommandLine;
using Indra.Cli.Hosting;
using Indra.Engine.Maintenance;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary><c>indra fsck</c>: checks (and with --repair fixes) a vault that is not mounted. Exit 0 clean, 1 problems left.</summary>
internal static class FsckCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var repair = new Option<bool>("--repair") { Description = "Fix what can be fixed: reference and link counts, dangling references, orphan nodes and blocks" };
        var command = new Command("fsck", "Re-hash every block, walk every tree and reference count, and report (or --repair) inconsistencies; the vault must not be mounted") { vault, repair };
        var keyFile = VaultKeyOptions.KeyFile(); // encryption at rest (docs/encryption.md)
        command.Options.Add(keyFile);
        command.SetAction(parse =>
        {
            using var loggers = CliLogging.Create(debug: false, logFile: null, TimeProvider.System);
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            var keys = VaultKeyOptions.ForOpening(directory, parse.GetValue(keyFile));
            using var opened = Vault.Open(directory, new VaultServices(TimeProvider.System, loggers) { Keys = keys.Source });
            var checker = new VaultChecker(opened, line => Console.Error.WriteLine(line));
            var problems = checker.Run(parse.GetValue(repair));
            foreach (var problem in problems) Console.WriteLine($"{(problem.Repaired ? "repaired" : "error")}: {problem.Kind}: {problem.Description}");
            var left = problems.Count(p => !p.Repaired);
            Console.WriteLine($"fsck: {checker.BlocksChecked} blocks ({checker.BytesChecked} bytes) re-hashed; {problems.Count} problems, {problems.Count - left} repaired, {left} left");
            return left == 0 ? 0 : 1;
        });
        return command;
    }
}
