using System.CommandLine;
using Indra.Storage.Blocks.Cache;

namespace Indra.Cli;

/// <summary>
/// The block cache's options, shared by <c>indra init</c> (stored in the vault) and <c>indra mount</c> (this mount
/// only): <c>--cache-size</c> and <c>--durability</c>. They matter for a vault whose blocks live in a remote store
/// (<see cref="Indra.Engine.Vaults.BlockTier"/>).
/// </summary>
internal static class BlockCacheCliOptions
{
    /// <summary><c>--cache-size BYTES</c>: a whole number with an optional K, M, G or T suffix (powers of 1024).</summary>
    internal static Option<long?> Size(string scope) => new("--cache-size")
    {
        Description = $"Bound of the local block cache in bytes, suffixes K, M, G, T (powers of 1024), e.g. 10G; {scope} (default 10G). "
            + "Least recently used blocks already uploaded are evicted; when it is full of blocks not yet uploaded, writes fail with ENOSPC",
        HelpName = "BYTES",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (ByteSize.TryParse(text, out var bytes) && bytes > 0) return bytes;
            result.AddError($"--cache-size: '{text}' is not a positive size in bytes (a whole number, optionally with K, M, G or T: 10G)");
            return null;
        },
    };

    /// <summary><c>--durability local|remote</c>.</summary>
    internal static Option<string?> Durability(string scope)
    {
        var option = new Option<string?>("--durability")
        {
            Description = $"What fsync promises for blocks in a remote store; {scope}. local (the default): on this machine's disk, uploaded in the background "
                + "from a queue that survives a crash (fsync stays fast and works while the store is unreachable); remote: acknowledged by the store "
                + "(survives the loss of this disk; every fsync waits for the upload and fails with EIO after 60 s without the store)",
        };
        option.AcceptOnlyFromAmong("local", "remote");
        return option;
    }

    /// <summary>The enum value of a <see cref="Durability"/> option's text, or null.</summary>
    internal static CacheDurability? ParseDurability(string? text) => text switch
    {
        null => null,
        "remote" => CacheDurability.Remote,
        _ => CacheDurability.Local,
    };
}
