using System.CommandLine;
using Indra.Cli.Terminal;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra top [--interval S] [--iterations N] [--json]</c>: attention as it happens (<see cref="TopView"/>), like
/// iotop: live on a terminal until Ctrl-C or <c>q</c>, one line (or JSON line) per interval otherwise. Exit 0 when
/// stopped or done, 1 with one line on stderr when the vault cannot be reached.
/// </summary>
internal static class TopCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var interval = new Option<double>("--interval") { Description = "Seconds between refreshes (0.1 to 3600)", DefaultValueFactory = _ => 1.0 };
        var iterations = new Option<int>("--iterations") { Description = "Stop after this many refreshes (default 0: until Ctrl-C or q)", DefaultValueFactory = _ => 0 };
        var json = JsonOption.Create();
        var command = new Command("top", "Show attention live: files opened per second, the hottest now, the latest events and peers' attention, until Ctrl-C or q")
        {
            vault, interval, iterations, json,
        };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            if (!VaultLayout.Exists(directory)) throw new CliException($"no vault at {directory} (run 'indra init --vault {directory}')");
            var seconds = parse.GetValue(interval);
            if (seconds is < 0.1 or > 3600 || double.IsNaN(seconds)) throw new CliException("--interval is 0.1 to 3600 seconds");
            var count = parse.GetValue(iterations);
            if (count < 0) throw new CliException("--iterations is 0 (no limit) or more");
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                return ControlCall.RunAsync(directory, control =>
                    Task.FromResult(new TopView(control, directory, TimeSpan.FromSeconds(seconds), count, parse.GetValue(json)).Run(stop.Token)), CancellationToken.None)
                    .GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return 0;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }
}
