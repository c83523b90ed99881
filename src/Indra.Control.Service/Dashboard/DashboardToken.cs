using System.Security.Cryptography;
using System.Text;

namespace Indra.Control.Service.Dashboard;

/// <summary>
/// The dashboard's access token: 32 random bytes (a new one each time the daemon starts the dashboard), as
/// base64url text. A request shows it as the query parameter <c>token</c>, an <c>Authorization: Bearer</c> header, or
/// the cookie the page sets (<see cref="CookieName"/>); it is compared in constant time.
/// </summary>
internal sealed class DashboardToken
{
    /// <summary>The cookie the page's first load sets (HttpOnly, SameSite=Strict, path /).</summary>
    public const string CookieName = "indra_dashboard";

    private readonly byte[] _bytes;

    public DashboardToken()
    {
        Text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _bytes = Encoding.ASCII.GetBytes(Text);
    }

    /// <summary>The token as it appears in the URL.</summary>
    public string Text { get; }

    /// <summary>True when <paramref name="candidate"/> is this token.</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(_bytes, Encoding.ASCII.GetBytes(candidate));
}
