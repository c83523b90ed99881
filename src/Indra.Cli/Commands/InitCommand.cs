using System.CommandLine;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary><c>indra init</c>: creates a vault (metadata, block store, player identity).</summary>
internal static class InitCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var blockSize = new Option<int>("--block-size")
        {
            Description = "Block size in bytes: a power of two from 1024 to 67108864 (default 1048576)",
            DefaultValueFactory = _ => Vault.DefaultBlockSize,
        };
        var command = new Command("init", "Create a new vault: SQLite metadata, a content-addressed block store and a player key pair") { vault, blockSize };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            using var created = Vault.Create(directory, parse.GetValue(blockSize));
            Console.WriteLine($"created vault {directory}");
            Console.WriteLine($"player {created.PlayerId}");
            Console.WriteLine($"block size {created.BlockSize} bytes");
            return 0;
        });
        return command;
    }
}
