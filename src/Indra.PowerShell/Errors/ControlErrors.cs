using System.Management.Automation;
using Indra.Control;

namespace Indra.PowerShell.Errors;

/// <summary>Turns control failures into PowerShell error records: one line of message, the category the failure kind
/// maps to, an error id of the form <c>Indra.KIND</c>.</summary>
internal static class ControlErrors
{
    /// <summary>The ErrorCategory of a <see cref="ControlErrorKind"/>: a read-only shared view is PermissionDenied too
    /// (the user may not write there).</summary>
    internal static ErrorCategory Category(ControlErrorKind kind) => kind switch
    {
        ControlErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ControlErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        ControlErrorKind.NotEmpty => ErrorCategory.InvalidOperation,
        ControlErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ControlErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        ControlErrorKind.ReadOnly => ErrorCategory.PermissionDenied,
        ControlErrorKind.QuotaExceeded => ErrorCategory.QuotaExceeded,
        ControlErrorKind.Busy => ErrorCategory.ResourceBusy,
        ControlErrorKind.NotMounted => ErrorCategory.InvalidOperation,
        ControlErrorKind.Unavailable => ErrorCategory.ResourceUnavailable,
        ControlErrorKind.VersionMismatch => ErrorCategory.ProtocolError,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>The error record of a failed control request about <paramref name="target"/>.</summary>
    internal static ErrorRecord Record(VaultControlException failure, object? target) =>
        new(failure, "Indra." + failure.Kind, Category(failure.Kind), target);

    /// <summary>An error record the module raises itself (bad input, an unsupported operation).</summary>
    internal static ErrorRecord Record(string id, ErrorCategory category, string message, object? target) =>
        new(new InvalidOperationException(message), "Indra." + id, category, target);
}
