using System.CommandLine;
using Indra.Cli.Hosting;
using Indra.Cli.Terminal;
using Indra.Cli.Terminal.Documents;
using Indra.Engine.Maintenance;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra fsck [--repair] [--json]</c>: checks (and with --repair fixes) a vault that is not mounted, with progress
/// on standard error (<see cref="ProgressDisplay"/>). Exit 0 clean, 1 problems left (or the vault cannot be opened).
/// A vault whose blocks are on an object store is checked against the store's objects (<see cref="BlockTier.AuditRemote"/>):
/// missing, corrupt and unreferenced objects are problems like any block's.
/// </summary>
internal static class FsckCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var repair = new Option<bool>("--repair") { Description = "Fix what can be fixed: reference and link counts, dangling references, orphan nodes and blocks" };
        var json = JsonOption.Create();
        var command = new Command("fsck", "Re-hash every block, walk every tree and reference count, and report (or --repair) inconsistencies; the vault must not be mounted") { vault, repair, json };
        var keyFile = VaultKeyOptions.KeyFile(); // encryption at rest (docs/encryption.md)
        command.Options.Add(keyFile);
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            using var loggers = CliLogging.Create(debug: false, logFile: null, TimeProvider.System);
            using var opened = Vault.Open(directory, new VaultServices(TimeProvider.System, loggers) { Keys = VaultKeyOptions.ForOpening(directory, parse.GetValue(keyFile)).Source });
            var (checker, problems, audit) = ProgressDisplay.Run("fsck", report =>
            {
                // Blocks on an object store: the objects themselves are checked (listed once), not their cached copies.
                var audit = BlockTier.AuditRemote(opened, report);
                var checker = new VaultChecker(opened, report);
                return (checker, checker.Run(parse.GetValue(repair)), audit);
            });
            var left = problems.Count(p => !p.Repaired);
            var objectStore = audit is null ? null : new FsckObjectStoreEntry(audit.Location, audit.Objects, audit.Bytes, audit.Queued,
                problems.Count(p => p.Kind == FsckProblemKind.MissingBlock), problems.Count(p => p.Kind == FsckProblemKind.CorruptBlock),
                problems.Count(p => p.Kind == FsckProblemKind.OrphanBlock));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(new FsckDocument(directory, parse.GetValue(repair), checker.BlocksChecked, checker.BytesChecked,
                    problems.Select(p => new FsckProblemEntry(p.Kind.ToString(), p.Description, p.Repaired)).ToList(), problems.Count - left, left, left == 0, objectStore));
                return left == 0 ? 0 : 1;
            }
            foreach (var problem in problems) Console.WriteLine($"{(problem.Repaired ? "repaired" : "error")}: {problem.Kind}: {problem.Description}");
            if (objectStore is not null)
            {
                Console.WriteLine($"fsck: {objectStore.Location}: {objectStore.Objects} objects ({objectStore.Bytes} bytes) listed; {objectStore.Missing} missing, "
                    + $"{objectStore.Corrupt} corrupt, {objectStore.Unreferenced} unreferenced; {objectStore.Queued} blocks queued for upload (checked in the cache)");
            }
            Console.WriteLine($"fsck: {checker.BlocksChecked} blocks ({checker.BytesChecked} bytes) re-hashed; {problems.Count} problems, {problems.Count - left} repaired, {left} left");
            return left == 0 ? 0 : 1;
        });
        return command;
    }
}
