namespace Madang.Participation.Proposals;

/// <summary>A refusal a person can act on; <see cref="Key"/> is the localisation key of its explanation.</summary>
public sealed class ParticipationException(string key, params object[] arguments) : Exception(key)
{
    public string Key { get; } = key;

    public IReadOnlyList<object> Arguments { get; } = arguments;
}
