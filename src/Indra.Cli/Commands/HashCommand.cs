using System.CommandLine;
using Indra.Cli.Terminal;
using Indra.Cli.Terminal.Documents;
using Indra.Control.Model;
using Indra.Hashing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra hash FILE... [--json]</c>: prints BLAKE3 hashes in b3sum's format ("HEX  NAME"); "-" reads stdin. A file of
/// <see cref="ProgressBytes"/> or more shows a progress bar on standard error when that is a terminal. Exit 0, or 1
/// when any file could not be hashed (each failure one line on stderr; with --json also in the document).
/// </summary>
internal static class HashCommand
{
    /// <summary>Files at least this large (bytes, 256 MiB) get a progress bar on a terminal.</summary>
    public const long ProgressBytes = 256L << 20;

    internal static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Files to hash (\"-\" for standard input)", Arity = ArgumentArity.OneOrMore };
        var json = JsonOption.Create();
        var command = new Command("hash", "Print the BLAKE3 hash of each file, as b3sum does (the id a file gets in the vault)") { files, json };
        command.SetAction(parse =>
        {
            var status = 0;
            var entries = new List<HashEntry>();
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    var (hash, size) = file == "-" ? HashInput() : HashPath(file);
                    entries.Add(new HashEntry(file, hash.ToString(), size, null));
                    if (!parse.GetValue(json)) Console.WriteLine($"{hash}  {file}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"indra: hash: {file}: {Describe(e)}");
                    entries.Add(new HashEntry(file, null, null, Describe(e)));
                    status = 1;
                }
            }
            if (parse.GetValue(json)) JsonOutput.Write(new HashDocument(entries));
            return status;
        });
        return command;
    }

    private static (Blake3Hash Hash, long Size) HashInput()
    {
        using var input = new CountingStream(Console.OpenStandardInput(), null);
        return (Blake3.HashStream(input), input.Position);
    }

    private static (Blake3Hash Hash, long Size) HashPath(string file)
    {
        if (Directory.Exists(file)) throw new IOException("Is a directory");
        var info = new FileInfo(file);
        if (!info.Exists || info.Length < ProgressBytes || !TerminalMode.ErrorIsTerminal) return (Blake3.HashFile(file), info.Exists ? info.Length : 0);
        return ProgressDisplay.Bar("hash " + Path.GetFileName(file), report =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            using var counting = new CountingStream(stream, done => report(new MaintenanceProgress("bytes", done, info.Length)));
            return (Blake3.HashStream(counting), counting.Position);
        });
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}
