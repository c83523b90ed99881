namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>
/// The process an emulated file-system call comes from, as ProjFS reports it in PRJ_CALLBACK_DATA
/// (TriggeringProcessId, TriggeringProcessImageFileName). Applications are
/// <see cref="EmulatorOptions.ApplicationProcessId"/>; the host's own I/O through <see cref="EmulatedLocalFiles"/>
/// is the test process itself.
/// </summary>
/// <param name="ProcessId">The process id.</param>
/// <param name="ImageFileName">The process's image file name.</param>
public sealed record EmulatedCaller(uint ProcessId, string ImageFileName)
{
    /// <summary>This process (the host under test).</summary>
    public static EmulatedCaller CurrentProcess { get; } =
        new((uint)Environment.ProcessId, Environment.ProcessPath ?? @"C:\Program Files\Indra\indra.exe");
}
