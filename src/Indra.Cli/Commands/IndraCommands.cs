using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Indra.Cli.Commands;

/// <summary>The <c>indra</c> command tree: every verb under one root.</summary>
internal static class IndraCommands
{
    internal static RootCommand Create() =>
        WithExitCodes(new("indra: a content-addressed artifact vault mounted as a filesystem")
        {
            InitCommand.Create(),
            MountCommand.Create(),
            UnmountCommand.Create(),
            StatusCommand.Create(),
            HeatCommand.Create(),
            TopCommand.Create(),
            HashCommand.Create(),
            FsckCommand.Create(),
            GcCommand.Create(),
            KeyCommand.Create(),
            BackupCommand.Create(),
            RestoreCommand.Create(),
            PeerCommand.Create(),
            ShareCommand.Create(),
            RecallCommand.Create(),
            GrantsCommand.Create(),
            OffersCommand.Create(),
            AcceptCommand.Create(accept: true),
            AcceptCommand.Create(accept: false),
            RealmCommand.Create(),
            PolicyCommand.Create(),
            DashboardCommand.Create(),
        });

    /// <summary>
    /// The exit codes every verb returns, as <c>indra --help</c> (after its own sections), the man page's EXIT STATUS
    /// (packaging/linux/make-manpage.sh reads it from the help) and the README list them; a test checks the three agree.
    /// </summary>
    internal const string ExitCodes =
        "Exit codes:\n"
        + "  0    success (fsck: no problem left; top: stopped by q, Ctrl-C or --iterations)\n"
        + "  1    failure, with one line on stderr: a bad command line (with the usage), no vault, a vault held by\n"
        + "       another process, an error of the daemon or of the vault; fsck: problems left (its report, and with\n"
        + "       --json its document, is still printed); hash: a file could not be read\n"
        + "  130  interrupted by Ctrl-C (SIGINT) in a verb other than top and mount (mount flushes, unmounts and exits 0)\n"
        + "  134  an unexpected internal error (a bug: the runtime aborts with a stack trace)";

    /// <summary><paramref name="root"/> whose <c>--help</c> ends with <see cref="ExitCodes"/>.</summary>
    private static RootCommand WithExitCodes(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is SynchronousCommandLineAction inner) help.Action = new ExitCodesHelpAction(inner);
        return root;
    }

    /// <summary>The help of the root command followed by <see cref="ExitCodes"/> (a verb's help is unchanged).</summary>
    private sealed class ExitCodesHelpAction(SynchronousCommandLineAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            if (parseResult.CommandResult.Command is RootCommand)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(ExitCodes);
                output.WriteLine();
            }
            return code;
        }
    }
}
