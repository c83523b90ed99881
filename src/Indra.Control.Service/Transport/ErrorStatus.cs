namespace Indra.Control.Service.Transport;

/// <summary>The HTTP status a failed control request is answered with, by <see cref="ControlErrorKind"/> (docs/control-api.md).</summary>
internal static class ErrorStatus
{
    /// <summary>The status code for <paramref name="kind"/>.</summary>
    public static int Of(ControlErrorKind kind) => kind switch
    {
        ControlErrorKind.NotFound => 404,
        ControlErrorKind.AlreadyExists or ControlErrorKind.NotEmpty or ControlErrorKind.NotMounted => 409,
        ControlErrorKind.InvalidArgument or ControlErrorKind.VersionMismatch => 400,
        ControlErrorKind.PermissionDenied or ControlErrorKind.ReadOnly => 403,
        ControlErrorKind.QuotaExceeded => 507,
        ControlErrorKind.Busy or ControlErrorKind.Unavailable => 503,
        _ => 500,
    };
}
