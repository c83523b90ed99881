using System.CommandLine;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// The options that name an object store for blocks (<c>--blocks s3://BUCKET/PREFIX --endpoint URL [--region R]
/// [--profile P]</c>), shared by <c>indra init</c> and <c>indra restore</c>. Credentials are never options: the help
/// says where they are read from.
/// </summary>
internal sealed class ObjectStoreOptions
{
    private ObjectStoreOptions(Option<string?> blocks, Option<string?> endpoint, Option<string?> region, Option<string?> profile)
    {
        Blocks = blocks;
        Endpoint = endpoint;
        Region = region;
        Profile = profile;
    }

    private Option<string?> Blocks { get; }

    private Option<string?> Endpoint { get; }

    private Option<string?> Region { get; }

    private Option<string?> Profile { get; }

    internal static ObjectStoreOptions Create() => new(
        new Option<string?>("--blocks") { Description = $"Keep the blocks' place of record on an S3-compatible object store at s3://BUCKET/PREFIX (needs --endpoint), or in a directory DIR (another disk), with VAULT/blocks as a bounded local cache in front (see --cache-size, --durability); default: VAULT/blocks only. Credentials are never stored in the vault: {ObjectStoreSettings.CredentialsHelp}" },
        new Option<string?>("--endpoint") { Description = "The object store's URL, e.g. http://127.0.0.1:7480 (Ceph RGW) or https://s3.eu-west-1.amazonaws.com" },
        new Option<string?>("--region") { Description = "Signing region of the object store (default us-east-1)" },
        new Option<string?>("--profile") { Description = "Credentials profile in ~/.aws/credentials to use when AWS_PROFILE is not set (default: the environment's keys, else 'default')" });

    internal void AddTo(Command command)
    {
        command.Options.Add(Blocks);
        command.Options.Add(Endpoint);
        command.Options.Add(Region);
        command.Options.Add(Profile);
    }

    /// <summary>The directory <c>--blocks</c> names when it is not an s3:// location, or null.</summary>
    internal string? Directory(ParseResult parse) => parse.GetValue(Blocks) is { } blocks && !blocks.StartsWith("s3://", StringComparison.Ordinal) ? blocks : null;

    /// <summary>The settings given, or null when <c>--blocks</c> is absent and not <paramref name="required"/>.</summary>
    /// <exception cref="CliException">--blocks without --endpoint (or the reverse), or a malformed URL.</exception>
    internal ObjectStoreSettings? Settings(ParseResult parse, bool required)
    {
        var blocks = parse.GetValue(Blocks);
        var endpoint = parse.GetValue(Endpoint);
        if (blocks is null && endpoint is null && !required) return null;
        if (blocks is not null && !blocks.StartsWith("s3://", StringComparison.Ordinal) && !required)
        {
            if (endpoint is not null) throw new CliException("--endpoint goes with --blocks s3://BUCKET/PREFIX, not with a directory");
            return null;
        }
        if (blocks is null) throw new CliException("--blocks s3://BUCKET/PREFIX is required" + (endpoint is null ? "" : " with --endpoint"));
        if (endpoint is null) throw new CliException("--endpoint URL is required with --blocks");
        var settings = new ObjectStoreSettings(blocks, endpoint, parse.GetValue(Region), parse.GetValue(Profile));
        settings.Validate();
        return settings;
    }
}
