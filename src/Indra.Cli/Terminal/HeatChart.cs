using System.Globalization;
using Indra.Control.Model;
using Spectre.Console;

namespace Indra.Cli.Terminal;

/// <summary>
/// <c>indra heat</c>'s ranked bar chart: the hottest files, then the hottest folders, each row a bar scaled to the
/// list's hottest entry, with heat, opens, size and last access. On a terminal it is a coloured table (bars of
/// '█', red for the hottest through yellow to blue); elsewhere plain lines with bars of '#'.
/// </summary>
internal static class HeatChart
{
    /// <summary>Cells of a full bar.</summary>
    public const int BarWidth = 24;

    /// <summary>Draws <paramref name="ranking"/> on the terminal <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, HeatRanking ranking, DateTimeOffset now)
    {
        console.MarkupLine($"[bold]Heat of /vault/{Markup.Escape(ranking.Path)}[/]  {Summary(ranking)}");
        if (ranking.Files.Count == 0)
        {
            console.MarkupLine("[grey]no attention yet[/]" + (ranking.Since is null ? "" : " [grey]in this window[/]"));
            return;
        }
        var fileMax = ranking.Files.Max(f => f.Heat);
        var files = Table("hottest files", "size");
        var rank = 0;
        foreach (var file in ranking.Files)
        {
            files.AddRow(Number(++rank), Bar(file.Heat, fileMax, Colour(file.Heat)), Units.Heat(file.Heat), Number(file.Opens),
                Units.Bytes(file.Size), Units.Ago(file.LastAccess, now), Markup.Escape(file.Path));
        }
        console.Write(files);
        if (ranking.Folders.Count == 0) return;
        var folderMax = ranking.Folders.Max(f => f.Heat);
        var folders = Table("hottest folders", "attended");
        rank = 0;
        foreach (var folder in ranking.Folders)
        {
            folders.AddRow(Number(++rank), Bar(folder.Heat, folderMax, Colour(folder.Heat / Math.Max(folderMax, 1e-9))), Units.Heat(folder.Heat), Number(folder.Opens),
                Units.Bytes(folder.AttendedBytes), Units.Ago(folder.LastAccess, now), Markup.Escape(folder.Path + "/") + $" [grey]({Files(folder.Files)})[/]");
        }
        console.Write(folders);
    }

    /// <summary>Writes <paramref name="ranking"/> as plain lines (no escape sequences) to <paramref name="writer"/>.</summary>
    public static void WritePlain(TextWriter writer, HeatRanking ranking, DateTimeOffset now)
    {
        writer.WriteLine($"Heat of /vault/{ranking.Path}  {Summary(ranking)}");
        if (ranking.Files.Count == 0)
        {
            writer.WriteLine("no attention yet" + (ranking.Since is null ? "" : " in this window"));
            return;
        }
        writer.WriteLine("hottest files:");
        var fileMax = ranking.Files.Max(f => f.Heat);
        var rank = 0;
        foreach (var file in ranking.Files)
        {
            writer.WriteLine(Line(++rank, file.Heat, fileMax, file.Opens, Units.Bytes(file.Size), Units.Ago(file.LastAccess, now), file.Path));
        }
        if (ranking.Folders.Count == 0) return;
        writer.WriteLine("hottest folders:");
        var folderMax = ranking.Folders.Max(f => f.Heat);
        rank = 0;
        foreach (var folder in ranking.Folders)
        {
            writer.WriteLine(Line(++rank, folder.Heat, folderMax, folder.Opens, Units.Bytes(folder.AttendedBytes), Units.Ago(folder.LastAccess, now),
                $"{folder.Path}/ ({Files(folder.Files)})"));
        }
    }

    /// <summary>Cells of a bar for <paramref name="value"/> against the list's <paramref name="max"/>: at least one for any heat.</summary>
    public static int Cells(double value, double max) =>
        max <= 0 || value <= 0 ? 0 : Math.Clamp((int)Math.Round(value / max * BarWidth), 1, BarWidth);

    private static string Summary(HeatRanking ranking) =>
        $"{Number(ranking.Attended)} attended files, total heat {Units.Heat(ranking.TotalHeat)}"
        + (ranking.Since is { } since ? $", attended since {UtcText.From(since)}" : "")
        + (ranking.Complete ? "" : " (the coldest nodes were not read)");

    private static Table Table(string title, string sizeHeader)
    {
        var table = new Table { Border = TableBorder.Simple, Title = new TableTitle(title, new Style(decoration: Decoration.Bold)) };
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn(new TableColumn("").NoWrap());
        table.AddColumn(new TableColumn("heat").RightAligned());
        table.AddColumn(new TableColumn("opens").RightAligned());
        table.AddColumn(new TableColumn(sizeHeader).RightAligned());
        table.AddColumn(new TableColumn("last access").RightAligned());
        table.AddColumn(new TableColumn("path"));
        return table;
    }

    private static string Bar(double value, double max, string colour)
    {
        var cells = Cells(value, max);
        return $"[{colour}]{new string('█', cells)}[/][grey]{new string('·', BarWidth - cells)}[/]";
    }

    /// <summary>The colour of a heat in [0, 1]: red from 0.6, orange from 0.35, yellow from 0.15, blue below.</summary>
    private static string Colour(double heat) => heat >= 0.6 ? "red" : heat >= 0.35 ? "orange1" : heat >= 0.15 ? "yellow" : "deepskyblue1";

    private static string Line(int rank, double heat, double max, long opens, string size, string ago, string path)
    {
        var cells = Cells(heat, max);
        return string.Create(CultureInfo.InvariantCulture,
            $"{rank,3}  {new string('#', cells).PadRight(BarWidth)}  {Units.Heat(heat),6}  {opens,6} opens  {size,9}  {ago,12}  {path}");
    }

    private static string Files(int count) => count == 1 ? "1 file" : Number(count) + " files";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
