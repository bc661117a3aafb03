using Madang.Core.Localization;
using Madang.Participation.Domain;
using Madang.Participation.Processes;

namespace Madang.Participation.Web;

/// <summary>Names and labels the participation pages share.</summary>
public static class ParticipationViews
{
    public static string ChoiceName(IEnumerable<Choice> choices, string? code, string culture) =>
        code is null ? string.Empty
        : choices.FirstOrDefault(c => c.Code == code) is { } c ? ProcessFiles.Text(c.Name).Get(culture) is { Length: > 0 } n ? n : c.Code
        : code;

    public static string StatusKey(ProposalStatus s) => "participation.status." + s.ToString().ToLowerInvariant();

    public static string StatusClass(ProposalStatus s) => s switch
    {
        ProposalStatus.Open => "tag open",
        ProposalStatus.Concluded => "tag",
        _ => "tag closed",
    };

    public static string AnswerKey(AnswerStatus s) => "participation.answer." + s switch
    {
        AnswerStatus.UnderReview => "review",
        AnswerStatus.Accepted => "accepted",
        AnswerStatus.PartlyAccepted => "partly",
        _ => "rejected",
    };
}
