namespace Indra.Cli.Tests.Support;

/// <summary>Runs the real indra CLI (the built indra.dll) as a user would.</summary>
internal static class IndraCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "indra.dll");

    public static Shell.Result Run(params string[] arguments) => Shell.Run("dotnet", [Dll, .. arguments], timeout: TimeSpan.FromMinutes(3));

    /// <summary>Runs indra with <paramref name="environment"/> added to this process's (null: as it is).</summary>
    public static Shell.Result RunWith(IDictionary<string, string>? environment, params string[] arguments) =>
        Shell.Run("dotnet", [Dll, .. arguments], timeout: TimeSpan.FromMinutes(3), environment: environment);
}
