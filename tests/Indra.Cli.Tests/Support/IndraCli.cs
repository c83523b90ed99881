namespace Indra.Cli.Tests.Support;

/// <summary>Runs the real indra CLI (the built indra.dll) as a user would.</summary>
internal static class IndraCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "indra.dll");

    public static Shell.Result Run(params string[] arguments) => Shell.Run("dotnet", [Dll, .. arguments], timeout: TimeSpan.FromMinutes(3));
}
