using Indra.Control.Model;
using Indra.Control.Service.Items;
using Spectre.Console;

namespace Indra.Cli.Terminal;

/// <summary>
/// Progress of long work (fsck, gc, backup, restore, hashing a large file) on standard error: a bar with the phase, count and
/// percentage when standard error is a terminal; otherwise the engine's own progress lines, one a report, as they come
/// (<c>fsck: blocks 1000/5000 (3 MiB re-hashed)</c>, <c>gc: 10000 blocks examined, 3 reclaimed</c>).
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing what it reports through the callback it is given.</summary>
    /// <param name="title">What is running ("fsck").</param>
    /// <param name="work">The work; it calls its argument with each progress line of the engine.</param>
    public static T Run<T>(string title, Func<Action<string>, T> work)
    {
        if (!TerminalMode.ErrorIsTerminal) return work(line => Console.Error.WriteLine(line));
        return Bar(title, report => work(line => report(ProgressLine.Parse(line))));
    }

    /// <summary>Runs <paramref name="work"/> under a bar on standard error (a terminal), fed with <see cref="MaintenanceProgress"/>.</summary>
    public static T Bar<T>(string title, Func<Action<MaintenanceProgress>, T> work)
    {
        var console = TerminalMode.Create(Console.Error);
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                task.IsIndeterminate = true;
                var result = work(step =>
                {
                    task.Description = $"{title}: {Markup.Escape(step.Phase)} {step.Done:N0}" + (step.Total is { } total ? $"/{total:N0}" : "");
                    if (step.Total is { } whole && whole > 0)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = whole;
                        task.Value = Math.Min(step.Done, whole);
                    }
                });
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.Description = title + ": done";
                task.StopTask();
                return result;
            });
    }
}
