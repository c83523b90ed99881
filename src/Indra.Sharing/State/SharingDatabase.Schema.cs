using System.Globalization;

namespace Indra.Sharing.State;

public sealed partial class SharingDatabase
{
    /// <summary>
    /// Brings the file to <see cref="SharingSchema.Version"/>: creates a new one, or runs the migrations an older one
    /// needs, each in one immediate transaction that re-reads the version first (the CLI and the daemon may open the
    /// file at the same moment).
    /// </summary>
    /// <exception cref="SharingException">The file was written by a newer Indra.</exception>
    private void Migrate()
    {
        while (true)
        {
            var done = false;
            InTransaction(() =>
            {
                var version = Scalar<long>("PRAGMA user_version");
                if (version == 0) version = Scalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'grants'") > 0 ? 1 : SharingSchema.Version;
                if (version > SharingSchema.Version)
                    throw new SharingException($"sharing.db is version {version}; this Indra reads up to {SharingSchema.Version}");
                if (version < SharingSchema.Version) Execute(SharingSchema.Migrations[version - 1]);
                else
                {
                    Execute(SharingSchema.Create);
                    done = true;
                }
                Execute("PRAGMA user_version = " + Math.Min(version + 1, SharingSchema.Version).ToString(CultureInfo.InvariantCulture));
            });
            if (done) return;
        }
    }
}
