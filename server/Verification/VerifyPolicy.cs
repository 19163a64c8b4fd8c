using System.Text.Json.Serialization;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Verification;

/// <summary>The <c>codeassist.verify</c> setting; each value's JSON name is the setting's word.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerifyMode>))]
public enum VerifyMode
{
    /// <summary>Hide a candidate that introduces errors and try the next one.</summary>
    [JsonStringEnumMemberName("filter")]
    Filter,
    /// <summary>Show the first candidate with its verdict attached.</summary>
    [JsonStringEnumMemberName("annotate")]
    Annotate,
    [JsonStringEnumMemberName("off")]
    Off,
}

public sealed record VerifiedCandidate(Suggestion Candidate, VerificationResult Result);

/// <summary>What to show: <see cref="Chosen"/> is null when every candidate was filtered out; <see cref="Tried"/> lists each verdict in order.</summary>
public sealed record CandidateChoice(Suggestion? Chosen, VerificationResult? Result, IReadOnlyList<VerifiedCandidate> Tried);

public sealed class VerifyPolicy(VerifyMode mode)
{
    public VerifyMode Mode { get; } = mode;

    public async Task<CandidateChoice> ChooseAsync(
        IReadOnlyList<Suggestion> candidates,
        Func<Suggestion, CancellationToken, Task<VerificationResult>> verify,
        CancellationToken cancellationToken)
    {
        if (candidates.Count == 0 || Mode == VerifyMode.Off)
            return new CandidateChoice(candidates.Count == 0 ? null : candidates[0], null, []);
        var tried = new List<VerifiedCandidate>();
        foreach (var candidate in candidates)
        {
            var result = await verify(candidate, cancellationToken).ConfigureAwait(false);
            tried.Add(new VerifiedCandidate(candidate, result));
            // An unchecked candidate is shown: on a slow machine hiding it would hide every suggestion.
            if (Mode == VerifyMode.Annotate || result.Verdict is SuggestionVerdict.Compiles or SuggestionVerdict.Unchecked)
                return new CandidateChoice(candidate, result, tried);
        }
        return new CandidateChoice(null, tried[^1].Result, tried);
    }
}
