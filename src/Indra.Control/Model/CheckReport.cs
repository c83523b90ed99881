namespace Indra.Control.Model;

/// <summary>What a check (fsck) found.</summary>
/// <param name="Problems">One line per problem, with whether it was repaired.</param>
/// <param name="Repaired">How many were repaired.</param>
/// <param name="Checked">Items checked.</param>
public sealed record CheckReport(IReadOnlyList<CheckProblem> Problems, int Repaired, long Checked)
{
    /// <summary>True when nothing is wrong (or everything found was repaired).</summary>
    public bool Clean => Problems.All(p => p.Repaired);
}

/// <summary>One problem a check found.</summary>
/// <param name="Kind">The FsckProblemKind's name.</param>
/// <param name="Description">One line.</param>
/// <param name="Repaired">Whether the check repaired it.</param>
public sealed record CheckProblem(string Kind, string Description, bool Repaired);
