using Madang.Core.Identity;

namespace Madang.Participation.Processes;

/// <summary>A process definition as an operator writes it (YAML or JSON): the ladder and rules, no code.</summary>
public sealed record ProcessFile
{
    /// <summary>URL name: lower-case letters, digits and hyphens.</summary>
    public string Slug { get; init; } = string.Empty;

    /// <summary>The title per language (<c>ko</c>, <c>ja</c>, <c>en</c>, <c>zh-Hans</c>, <c>zh-Hant</c>).</summary>
    public Dictionary<string, string> Title { get; init; } = [];

    public Dictionary<string, string> Description { get; init; } = [];

    /// <summary>Verification needed to propose: <c>email</c>, <c>phone</c> or <c>census</c>.</summary>
    public string Propose { get; init; } = "email";

    /// <summary>Verification needed to support, take a position in a debate, volunteer or answer a consultation.</summary>
    public string Support { get; init; } = "phone";

    /// <summary><c>after</c>: published at once and moderated on reports; <c>before</c>: a moderator publishes it.</summary>
    public string Moderation { get; init; } = "after";

    /// <summary>Reports that hide a proposal or argument until a moderator looks (Decidim's default is 3).</summary>
    public int HideAfterReports { get; init; } = 3;

    /// <summary>New proposals one person may publish in a day.</summary>
    public int ProposalsPerDay { get; init; } = 5;

    /// <summary>Images a proposal may carry (0: none).</summary>
    public int Images { get; init; } = 3;

    public List<Choice> Categories { get; init; } = [];

    public List<Choice> Districts { get; init; } = [];

    /// <summary>Age bands offered to panel volunteers and consultation respondents.</summary>
    public List<string> AgeBands { get; init; } = ["19-29", "30-39", "40-49", "50-59", "60-69", "70+"];

    public List<LadderStep> Ladder { get; init; } = [];

    public VerificationLevel ProposeLevel => ProcessFiles.Level(Propose);

    public VerificationLevel SupportLevel => ProcessFiles.Level(Support);

    public bool ModerateBefore => Moderation == "before";
}

/// <summary>A category or district: a code and its name per language.</summary>
public sealed record Choice
{
    public string Code { get; init; } = string.Empty;

    public Dictionary<string, string> Name { get; init; } = [];

    /// <summary>For a category: the organisation code of the department that answers by default.</summary>
    public string? Department { get; init; }
}

/// <summary>One rung: a count within a window, and what reaching it obliges.</summary>
public sealed record LadderStep
{
    /// <summary>Supports needed (this or <see cref="Participants"/>).</summary>
    public int? Supports { get; init; }

    /// <summary>Participants needed in the debate an earlier step opened.</summary>
    public int? Participants { get; init; }

    /// <summary>Days from publication (supports) or from the debate's opening (participants) to reach it. A proposal
    /// that misses the window of its first step closes as expired.</summary>
    public int? Within { get; init; }

    /// <summary><c>answer</c> (the department), <c>mayor</c>, <c>debate</c> or <c>none</c>.</summary>
    public string Then { get; init; } = "answer";

    /// <summary>Days the answer is due in (answer, mayor).</summary>
    public int AnswerWithin { get; init; } = 20;

    /// <summary>Days before the due date when the answering staff are reminded.</summary>
    public int RemindBefore { get; init; } = 3;

    /// <summary>Organisation code that answers a <c>mayor</c> step.</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>How long a debate this step opens runs, in days.</summary>
    public int DebateDays { get; init; } = 30;

    /// <summary>Reaching it links the proposal to next year's participatory budget (Seoul, 2020).</summary>
    public bool Budget { get; init; }

    public bool CountsParticipants => Participants is not null;

    public int Threshold => Supports ?? Participants ?? 0;
}
