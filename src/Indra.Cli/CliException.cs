namespace Indra.Cli;

/// <summary>A user-facing failure: printed as one line on stderr, exit code 1, no stack trace.</summary>
internal sealed class CliException(string message) : Exception(message);
