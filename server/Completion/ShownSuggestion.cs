using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Completion;

/// <summary>A suggestion ready to show: the text to insert at <see cref="Offset"/>, and what the verifier said of it.</summary>
public sealed record ShownSuggestion(string Id, string Text, int Offset, SuggestionVerdict Verdict);

/// <summary>A newer completion request for the same document arrived; this one's answer would come too late to show.</summary>
public sealed class SupersededException() : Exception("Superseded by a newer completion request for the same document.");
