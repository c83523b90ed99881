using Microsoft.Extensions.Logging;

namespace Indra.Tests.Shared;

/// <summary>
/// Test support: a logger provider that hands each entry to a callback as one line, "LEVEL CATEGORY: MESSAGE" followed
/// by the exception when there is one, so that a test can keep the lines it asserts on and print the rest.
/// </summary>
internal sealed class LineLoggerProvider(Action<string> sink) : ILoggerProvider
{
    /// <summary>A logger factory writing entries at <paramref name="minimum"/> and above to <paramref name="sink"/>.</summary>
    public static ILoggerFactory Factory(Action<string> sink, LogLevel minimum = LogLevel.Information) =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(minimum).AddProvider(new LineLoggerProvider(sink)));

    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class LineLogger(string category, Action<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}";
            if (exception is not null)
            {
                try
                {
                    line += ": " + exception;
                }
                catch (Exception)
                {
                    line += $": {exception.GetType().Name} (could not be formatted)";
                }
            }
            sink(line);
        }
    }
}
