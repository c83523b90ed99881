namespace Indra.Packaging.Tests.Support;

/// <summary>Reads an MSI back with msiinfo (msitools).</summary>
internal static class MsiTables
{
    /// <summary>The names of the tables in <paramref name="msi"/>.</summary>
    public static string[] Names(string msi) =>
        Shell.Run("msiinfo", ["tables", msi]).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The rows of table <paramref name="table"/>, each its columns in order (msiinfo export, less its three header lines).</summary>
    public static List<string[]> Rows(string msi, string table) =>
        [.. Shell.Run("msiinfo", ["export", msi, table]).Ok().Stdout.Replace("\r", "", StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(3).Select(l => l.Split('\t'))];

    /// <summary>The value of property <paramref name="name"/> in the Property table.</summary>
    public static string Property(string msi, string name) => Rows(msi, "Property").Single(r => r[0] == name)[1];
}
