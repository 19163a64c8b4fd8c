namespace CodeAssist.Server.Configuration;

/// <summary>
/// Which format label serves this session. Normally codeassist.quantFormat; in blind A/B mode (codeassist.abTest)
/// one configured label drawn at random once per session, kept while it stays configured, and hidden from the user.
/// </summary>
public sealed class SessionFormat(Random random)
{
    private string? _drawn;

    public SessionFormat() : this(Random.Shared)
    {
    }

    public bool IsBlind { get; private set; }

    public string? Choose(CodeAssistSettings settings)
    {
        IsBlind = settings.AbTest;
        if (!settings.AbTest)
            return settings.QuantFormat;
        if (_drawn is null || !settings.Models.ContainsKey(_drawn))
        {
            var labels = settings.Models.Keys.Order(StringComparer.Ordinal).ToArray();
            _drawn = labels.Length == 0 ? null : labels[random.Next(labels.Length)];
        }
        return _drawn;
    }

    /// <summary>The label as the user may see it.</summary>
    public string Display(string? label) => IsBlind ? "the blind-test format" : label ?? "no model";
}
