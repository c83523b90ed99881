using Indra.Hashing;

namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// Where a vault keeps its blocks on an S3-compatible object store: a bucket, a key prefix inside it, the endpoint
/// URL, the signing region and optionally the name of an AWS-style credentials profile. Never holds credentials.
/// Blocks live under <c>PREFIX/blocks/ab/cd/HASH</c> (the first four hex digits fan the keys out, so listings and
/// the server's index partitions stay balanced); metadata snapshots under <c>PREFIX/metadata/</c>.
/// </summary>
internal sealed record S3Location(string Bucket, string Prefix, Uri Endpoint, string Region, string? Profile)
{
    /// <summary>The scheme of a location URL (<c>s3://BUCKET/PREFIX</c>).</summary>
    public const string Scheme = "s3://";

    /// <summary>The signing region when none is given (what RGW and most S3-compatible servers accept).</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>
    /// Parses <c>s3://BUCKET[/PREFIX]</c> and the endpoint URL. The prefix loses leading and trailing slashes.
    /// </summary>
    /// <exception cref="FormatException">Not an s3:// URL with a bucket, or the endpoint is not an http(s) URL.</exception>
    public static S3Location Parse(string url, string endpoint, string? region = null, string? profile = null)
    {
        if (!url.StartsWith(Scheme, StringComparison.Ordinal)) throw new FormatException($"'{url}' is not an s3://BUCKET/PREFIX location");
        var rest = url[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
            throw new FormatException($"'{bucket}' is not a bucket name (3 to 63 lower-case letters, digits, '-' and '.')");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new FormatException($"'{endpoint}' is not an http:// or https:// endpoint URL");
        return new S3Location(bucket, prefix, uri, string.IsNullOrEmpty(region) ? DefaultRegion : region, string.IsNullOrEmpty(profile) ? null : profile);
    }

    /// <summary><c>s3://BUCKET/PREFIX</c>.</summary>
    public string Url => Prefix.Length == 0 ? $"{Scheme}{Bucket}" : $"{Scheme}{Bucket}/{Prefix}";

    /// <summary>The key prefix of every block: <c>PREFIX/blocks/</c>.</summary>
    public string BlocksPrefix => Under("blocks/");

    /// <summary>The key prefix of metadata snapshots: <c>PREFIX/metadata/</c>.</summary>
    public string MetadataPrefix => Under("metadata/");

    /// <summary>The key of block <paramref name="hash"/>: <c>PREFIX/blocks/ab/cd/abcd…</c>.</summary>
    public string BlockKey(Blake3Hash hash)
    {
        var hex = hash.ToString();
        return $"{BlocksPrefix}{hex[..2]}/{hex[2..4]}/{hex}";
    }

    /// <summary>The block a key names, or false for a key that is not a block's.</summary>
    public bool TryParseBlockKey(string key, out Blake3Hash hash)
    {
        hash = default;
        if (!key.StartsWith(BlocksPrefix, StringComparison.Ordinal)) return false;
        var name = key[(key.LastIndexOf('/') + 1)..];
        return name.Length == Blake3Hash.HexLength && Blake3Hash.TryParse(name, out hash) && key == BlockKey(hash);
    }

    private string Under(string tail) => Prefix.Length == 0 ? tail : $"{Prefix}/{tail}";
}
