using Indra.Storage.Blocks.ObjectStore;
using Indra.Storage.Metadata;

namespace Indra.Engine.Vaults;

/// <summary>
/// A vault whose blocks live on an S3-compatible object store (<c>indra init --blocks s3://BUCKET/PREFIX --endpoint
/// URL</c>): the location as kept in the vault's settings. Holds no credentials: those are read at open from the
/// environment or an AWS-style profile (<see cref="CredentialsHelp"/>).
/// </summary>
/// <param name="Url"><c>s3://BUCKET/PREFIX</c>.</param>
/// <param name="Endpoint">The store's http(s) URL, e.g. <c>http://127.0.0.1:7480</c>.</param>
/// <param name="Region">The signing region (us-east-1 when null).</param>
/// <param name="Profile">The credentials profile to use when <c>AWS_PROFILE</c> is not set, or null.</param>
public sealed record ObjectStoreSettings(string Url, string Endpoint, string? Region = null, string? Profile = null)
{
    /// <summary>Setting: the endpoint URL (the location itself is <see cref="BlockTier.RemoteSetting"/>).</summary>
    internal const string EndpointKey = "blocks.endpoint";
    private const string UrlKey = BlockTier.RemoteSetting;
    private const string RegionKey = "blocks.region";
    private const string ProfileKey = "blocks.profile";

    /// <summary>Where credentials are read from (for <c>--help</c>).</summary>
    public const string CredentialsHelp = S3Credentials.Where;

    /// <summary>Checks the URL and endpoint.</summary>
    /// <exception cref="VaultException">Not an s3://BUCKET/PREFIX URL or not an http(s) endpoint.</exception>
    public void Validate() => ToLocation();

    /// <summary>The parsed location.</summary>
    internal S3Location ToLocation()
    {
        try
        {
            return S3Location.Parse(Url, Endpoint, Region, Profile);
        }
        catch (FormatException e)
        {
            throw new VaultException(e.Message, e);
        }
    }

    /// <summary>The settings of the vault whose metadata is <paramref name="metadata"/>, or null when its blocks are local.</summary>
    internal static ObjectStoreSettings? Read(MetadataStore metadata) =>
        metadata.GetSetting(UrlKey) is { } url && metadata.GetSetting(EndpointKey) is { } endpoint
            ? new ObjectStoreSettings(url, endpoint, metadata.GetSetting(RegionKey), metadata.GetSetting(ProfileKey))
            : null;

    /// <summary>Records these settings in <paramref name="metadata"/> (empty region and profile mean none).</summary>
    internal void Write(MetadataStore metadata)
    {
        metadata.SetSetting(UrlKey, Url);
        metadata.SetSetting(EndpointKey, Endpoint);
        metadata.SetSetting(RegionKey, Region ?? "");
        metadata.SetSetting(ProfileKey, Profile ?? "");
    }
}
