using System.CommandLine;
using Indra.Engine.Vaults;

namespace Indra.Cli;

/// <summary>Options shared by several verbs.</summary>
internal static class CliOptions
{
    internal static Option<string> Vault() => new("--vault")
    {
        Description = "Vault directory (default: $INDRA_VAULT, else ~/.local/share/indra/vault)",
        DefaultValueFactory = _ => VaultLayout.DefaultDirectory(),
    };
}
