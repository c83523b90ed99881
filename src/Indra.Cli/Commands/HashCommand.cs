using System.CommandLine;
using Indra.Hashing;

namespace Indra.Cli.Commands;

/// <summary><c>indra hash FILE...</c>: prints BLAKE3 hashes in b3sum's format ("HEX  NAME"); "-" reads stdin.</summary>
internal static class HashCommand
{
    internal static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Files to hash (\"-\" for standard input)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("hash", "Print the BLAKE3 hash of each file, as b3sum does (the id a file gets in the vault)") { files };
        command.SetAction(parse =>
        {
            var status = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    var hash = file == "-" ? Blake3.HashStream(Console.OpenStandardInput()) : HashPath(file);
                    Console.WriteLine($"{hash}  {file}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"indra: hash: {file}: {Describe(e)}");
                    status = 1;
                }
            }
            return status;
        });
        return command;
    }

    private static Blake3Hash HashPath(string file)
    {
        if (Directory.Exists(file)) throw new IOException("Is a directory");
        return Blake3.HashFile(file);
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}
