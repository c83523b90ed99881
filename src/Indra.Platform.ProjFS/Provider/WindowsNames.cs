using System.Text;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Maps vault names (POSIX: any characters but '/' and NUL) to names Windows can hold, and back. The encoding is
/// reversible and never collides with a name that needs no encoding:
/// <list type="bullet">
/// <item>each character Windows forbids in a name (U+0001–U+001F and <c>&lt; &gt; : " / \ | ? *</c>) becomes the
/// private-use character U+F000 + its code (':' → U+F03A), the mapping Cygwin and WSL use for the same
/// characters;</item>
/// <item>a name whose part before the first '.' (trailing spaces ignored) is a reserved device name (CON, PRN, AUX,
/// NUL, COM0–COM9, LPT0–LPT9, COM¹²³, LPT¹²³, CONIN$, CONOUT$; any case, any extension: <c>aux.txt</c>) has its first
/// character encoded the same way (CON → U+F043 "ON");</item>
/// <item>a trailing '.' or ' ' (Windows strips them) is encoded the same way (<c>x.</c> → "x" U+F02E);</item>
/// <item>a vault name that itself contains a character of U+F000–U+F07F gets U+F07F in front of it, so a decoded
/// name is never mistaken for an escaped one.</item>
/// </list>
/// A name that needs none of this is its own local name. Every encoded name contains a character in U+F000–U+F07F,
/// which no unencoded name does, so the two sets are disjoint (also case-insensitively: private-use characters have
/// no case). Only local names that <see cref="ToLocal"/> can produce have a vault form (<see cref="TryToVault"/>);
/// any other name with such characters (say a lone U+F041 typed by a user) has none, which keeps the mapping one to
/// one in both directions.
/// </summary>
public static class WindowsNames
{
    /// <summary>Start of the private-use block escaped characters are moved to.</summary>
    public const char EscapeBase = '\uF000';

    /// <summary>Marks a vault character from U+F000–U+F07F that stands for itself.</summary>
    public const char LiteralMark = '\uF07F';

    private const char EscapeLast = '\uF07F';

    private static readonly string[] ReservedBaseNames =
    [
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
    ];

    /// <summary>True when Windows can hold <paramref name="vaultName"/> as it is (it is its own local name).</summary>
    public static bool IsLegal(string vaultName) => string.Equals(ToLocal(vaultName), vaultName, StringComparison.Ordinal);

    /// <summary>The name <paramref name="vaultName"/> is projected under (itself when Windows can hold it).</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static string ToLocal(string vaultName)
    {
        ArgumentException.ThrowIfNullOrEmpty(vaultName);
        var escapeFirst = IsReservedDeviceName(vaultName);
        var last = vaultName.Length - 1;
        StringBuilder? local = null;
        for (var i = 0; i < vaultName.Length; i++)
        {
            var c = vaultName[i];
            var escape = IsForbidden(c) || (i == 0 && escapeFirst) || (i == last && c is '.' or ' ');
            if (!escape && !IsEscapeRange(c))
            {
                local?.Append(c);
                continue;
            }

            local ??= new StringBuilder(vaultName, 0, i, vaultName.Length + 4);
            if (escape)
            {
                local.Append((char)(EscapeBase + c));
            }
            else
            {
                local.Append(LiteralMark).Append(c);
            }
        }

        return local?.ToString() ?? vaultName;
    }

    /// <summary>
    /// The vault name a local name stands for: the inverse of <see cref="ToLocal"/>. False for a name
    /// <see cref="ToLocal"/> never produces (an escape that was not needed, a dangling <see cref="LiteralMark"/>, or
    /// an unencoded name Windows cannot hold such as <c>aux.txt</c>).
    /// </summary>
    public static bool TryToVault(string localName, out string vaultName)
    {
        vaultName = localName;
        if (string.IsNullOrEmpty(localName))
        {
            return false;
        }

        if (localName.AsSpan().IndexOfAnyInRange(EscapeBase, EscapeLast) < 0)
        {
            return IsLegal(localName); // "aux.txt" or "a:b" is never a local name: those are encoded
        }

        var decoded = new StringBuilder(localName.Length);
        for (var i = 0; i < localName.Length; i++)
        {
            var c = localName[i];
            if (c == LiteralMark)
            {
                if (i + 1 >= localName.Length || !IsEscapeRange(localName[i + 1]))
                {
                    return false;
                }

                decoded.Append(localName[++i]);
            }
            else
            {
                decoded.Append(IsEscapeRange(c) ? (char)(c - EscapeBase) : c);
            }
        }

        var candidate = decoded.ToString();
        if (candidate.Length == 0 || !string.Equals(ToLocal(candidate), localName, StringComparison.Ordinal))
        {
            return false;
        }

        vaultName = candidate;
        return true;
    }

    /// <summary>The vault name of <paramref name="localName"/>.</summary>
    /// <exception cref="ArgumentException">The name is not one <see cref="ToLocal"/> produces.</exception>
    public static string ToVault(string localName) => TryToVault(localName, out var vaultName)
        ? vaultName
        : throw new ArgumentException($"'{localName}' is not the local form of any vault name", nameof(localName));

    /// <summary>A '/'-separated vault path as a '\'-separated ProjFS path of local names.</summary>
    public static string ToLocalPath(string vaultPath) =>
        string.Join('\\', vaultPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(ToLocal));

    /// <summary>A '\'-separated ProjFS path of local names as a '/'-separated vault path; false when a component has no vault form.</summary>
    public static bool TryToVaultPath(string localPath, out string vaultPath)
    {
        var parts = localPath.Split('\\', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryToVault(parts[i], out parts[i]))
            {
                vaultPath = localPath;
                return false;
            }
        }

        vaultPath = string.Join('/', parts);
        return true;
    }

    /// <summary>True for CON, aux.txt, "LPT1 .log" and the other names Windows keeps for devices.</summary>
    public static bool IsReservedDeviceName(string name)
    {
        var dot = name.IndexOf('.');
        var stem = (dot < 0 ? name : name[..dot]).TrimEnd(' ');
        foreach (var reserved in ReservedBaseNames)
        {
            if (string.Equals(stem, reserved, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsForbidden(char c) => c < 0x20 || c is '<' or '>' or ':' or '"' or '/' or '\\' or '|' or '?' or '*';

    private static bool IsEscapeRange(char c) => c is >= EscapeBase and <= EscapeLast;
}
