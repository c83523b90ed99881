using System.CommandLine;

namespace Indra.Cli.Commands;

/// <summary>The <c>indra</c> command tree: every verb under one root.</summary>
internal static class IndraCommands
{
    internal static RootCommand Create() =>
        new("indra: a content-addressed artifact vault mounted as a filesystem")
        {
            InitCommand.Create(),
            MountCommand.Create(),
            UnmountCommand.Create(),
            StatusCommand.Create(),
            HashCommand.Create(),
            FsckCommand.Create(),
            GcCommand.Create(),
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
        };
}
