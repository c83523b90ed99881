using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// Finds the credentials for an object store the way the AWS CLI does, never from the vault: the environment
/// (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, optionally <c>AWS_SESSION_TOKEN</c>) when set and no profile
/// is named; otherwise the profile named by <c>AWS_PROFILE</c>, else the vault's configured profile, else
/// <c>default</c>, from the shared credentials file (<c>AWS_SHARED_CREDENTIALS_FILE</c>, else <c>~/.aws/credentials</c>).
/// </summary>
internal static class S3Credentials
{
    /// <summary>Where credentials are read from, for <c>--help</c> texts and error lines.</summary>
    public const string Where = "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from the environment, or a profile (AWS_PROFILE, else --profile given at init, else 'default') in AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials";

    /// <summary>The credentials and a description of where they came from (no secret in it).</summary>
    /// <param name="profile">The vault's configured profile name, or null.</param>
    /// <exception cref="ObjectStoreAccessException">No credentials in any of those places.</exception>
    public static (AWSCredentials Credentials, string Source) Resolve(string? profile)
    {
        var namedProfile = Environment.GetEnvironmentVariable("AWS_PROFILE") is { Length: > 0 } fromEnvironment ? fromEnvironment : profile;
        var key = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        if (namedProfile is null && !string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(secret))
        {
            var token = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN");
            AWSCredentials credentials = string.IsNullOrEmpty(token) ? new BasicAWSCredentials(key, secret) : new SessionAWSCredentials(key, secret, token);
            return (credentials, $"the environment (AWS_ACCESS_KEY_ID {key})");
        }
        var name = namedProfile ?? "default";
        var file = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "credentials");
        if (File.Exists(file) && new CredentialProfileStoreChain(file).TryGetAWSCredentials(name, out var found))
            return (found, $"profile '{name}' in {file}");
        throw new ObjectStoreAccessException($"no credentials for the object store: set {Where}");
    }
}
