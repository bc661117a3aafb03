using System.Globalization;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Identity;
using Madang.Core.Links;
using Madang.Core.Notifications;
using Madang.Core.Organisations;
using Madang.Core.Privacy;
using Madang.Core.Search;
using Madang.Requests.Deadlines;
using Madang.Requests.Domain;
using Madang.Requests.Rules;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Requests;

/// <summary>What a citizen sends: a question or a disclosure request, about an item or on its own.</summary>
public sealed record AskDraft(RequestKind Kind, string Subject, string Text, string? About = null, string? Category = null,
    string? Purpose = null, DisclosureForm? Form = null, bool IsPrivate = false, bool ByEmail = true, bool BySms = false, string Language = "ko")
{
    /// <summary>Files attached, already in the file store: seen only by the requester and the department.</summary>
    public IReadOnlyList<StoredAttachment> Attachments { get; init; } = [];
}

/// <summary>A file a requester attached, as kept in the kernel's file store.</summary>
public sealed record StoredAttachment(string Sha256, long Length, string FileName);

/// <summary>Requests from asking to closing: each step checked, recorded in the timeline and the audit log, and told.</summary>
public sealed partial class RequestService(MadangDbContext db, RulesStore rulesStore, ResourceLinks links, PiiScreener screener, Notifier notifier,
    StaffDirectory staff, AuditLog audit, ISearchIndex search, Madang.Core.Web.SiteTime time, TimeProvider clock)
{
    public const int SubjectMax = 200;
    public const int TextMax = 10_000;
    public const int PerDay = 10;

    /// <summary>Files a question or disclosure request may carry.</summary>
    public const int AttachmentsMax = 3;

    /// <summary>Each attachment at most 10 MB, of kinds offices open every day.</summary>
    public const long AttachmentMax = 10 * 1024 * 1024;

    public static readonly string[] AttachmentTypes = [".pdf", ".hwp", ".hwpx", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".txt", ".csv", ".jpg", ".jpeg", ".png", ".gif", ".webp"];

    /// <summary>Sends a request: routed to the department that owns what it is about, or by its category; due dates set.</summary>
    /// <exception cref="RequestException">Not verified enough, anonymous where not allowed, over the day's limit, or the text breaks a rule.</exception>
    public async Task<Request> AskAsync(AskDraft draft, Guid? requesterId, CancellationToken ct = default)
    {
        var rules = await rulesStore.GetAsync(ct);
        if (draft.Kind == RequestKind.Objection)
        {
            throw new RequestException("requests.error.kind");
        }

        var kind = rules.For(draft.Kind);
        MadangUser? requester = null;
        if (requesterId is { } rid)
        {
            requester = await db.Users.AsNoTracking().SingleAsync(u => u.Id == rid, ct);
            if (VerificationService.LevelOf(requester) < kind.Level)
            {
                throw new RequestException("requests.error.verify." + kind.Verify);
            }
        }
        else if (draft.Kind != RequestKind.Question || !rules.Anonymous)
        {
            throw new RequestException("requests.error.signin");
        }

        var subject = (draft.Subject ?? string.Empty).Trim();
        var text = (draft.Text ?? string.Empty).Trim();
        if (subject.Length is 0 or > SubjectMax)
        {
            throw new RequestException("requests.error.subject", SubjectMax);
        }

        if (text.Length is 0 or > TextMax)
        {
            throw new RequestException("requests.error.text", TextMax);
        }

        var now = clock.GetUtcNow();
        if (requesterId is not null)
        {
            var since = now.AddDays(-1);
            if (await db.Set<Request>().CountAsync(r => r.RequesterId == requesterId && r.ReceivedAt > since, ct) >= PerDay)
            {
                throw new RequestException("requests.error.ratelimit", PerDay);
            }
        }

        ResourceRef? about = null;
        if (!string.IsNullOrEmpty(draft.About))
        {
            about = await links.ResolveAsync(draft.About, ct) ?? throw new RequestException("requests.error.about");
        }

        Guid? department = about?.OrganisationId;
        string? category = null;
        if (about is null && !string.IsNullOrEmpty(draft.Category))
        {
            var c = rules.Categories.FirstOrDefault(x => x.Code == draft.Category) ?? throw new RequestException("requests.error.category");
            category = c.Code;
            department = await db.Organisations.Where(o => o.Code == c.Department).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct);
        }

        var deadlines = new DeadlineClock(rules, time.Zone);
        var request = new Request
        {
            Kind = draft.Kind,
            RequesterId = requesterId,
            Subject = subject,
            Text = text,
            PublicSubject = screener.Screen(subject).MaskedText,
            PublicText = screener.Screen(text).MaskedText,
            Purpose = draft.Kind == RequestKind.Disclosure && !string.IsNullOrWhiteSpace(draft.Purpose) ? draft.Purpose.Trim() : null,
            Form = draft.Kind == RequestKind.Disclosure ? draft.Form ?? DisclosureForm.Electronic : null,
            AboutType = about?.Type,
            AboutKey = about?.Key,
            AboutTitle = about?.Title.Get(draft.Language),
            AboutPath = about?.Path,
            Category = category,
            OrganisationId = department,
            // Without an account there is nobody to tell privately: the answer is public, and no channel is kept.
            IsPrivate = requesterId is not null && draft.IsPrivate,
            ByEmail = requesterId is not null && draft.ByEmail,
            BySms = requesterId is not null && draft.BySms,
            Language = draft.Language,
            State = RequestState.Received,
            ReceivedAt = now,
            UpdatedAt = now,
            AcknowledgeBy = deadlines.Due(now, kind.Acknowledge),
            DueAt = deadlines.Due(now, kind.Answer),
        };
        if (draft.Attachments.Count > AttachmentsMax || (draft.Attachments.Count > 0 && requesterId is null))
        {
            // Without an account nobody could ever open them again: anonymous questions carry no files.
            throw new RequestException("requests.error.attachments", AttachmentsMax);
        }

        return await ReceiveAsync(request, requester, () =>
        {
            for (var i = 0; i < draft.Attachments.Count; i++)
            {
                var a = draft.Attachments[i];
                db.Add(new RequestAttachment { RequestId = request.Id, Position = i + 1, Sha256 = a.Sha256, Length = a.Length, FileName = a.FileName });
            }
        }, ct);
    }

    /// <summary>
    /// Takes a new question, disclosure request or report in, in one transaction (the caller's, if it holds one): the row
    /// for its id, then its <paramref name="parts"/> (files, photos), the timeline, the audit entry, the messages and the
    /// search entry.
    /// </summary>
    private async Task<Request> ReceiveAsync(Request request, MadangUser? requester, Action parts, CancellationToken ct)
    {
        db.Add(request);
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        parts();
        Record(request, "received", null);
        audit.Record(requester is null ? Actor.System : new Actor(requester.Id, requester.DisplayName), "requests.request.received", "requests.request", Key(request));
        await TellRequesterAsync(request, "requests.notify.received", [request.PublicSubject, await LastDayAsync(request.DueAt)], ct);
        await TellDepartmentAsync(request, "requests.notify.new", ct);
        await RequestSearch.SyncAsync(search, request, ct);
        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return request;
    }

    /// <summary>Staff say where things stand (a crew is booked, parts are ordered): a public status note, told to the requester.</summary>
    public Task NoteAsync(long id, string note, Actor staffMember, CancellationToken ct = default) => StepAsync(id, staffMember, async r =>
    {
        if (r.State == RequestState.Closed)
        {
            throw new RequestException("requests.error.state");
        }

        var e = Record(r, "note", staffMember.UserId, Required(note));
        r.PublicStatusNote = e.PublicNote;
        await TellRequesterAsync(r, "requests.notify.note", [r.PublicSubject, e.PublicNote], ct);
    }, ct);

    /// <summary>The department says it has the request and is working on it.</summary>
    public Task AcknowledgeAsync(long id, Actor staffMember, CancellationToken ct = default) => StepAsync(id, staffMember, async r =>
    {
        if (r.State != RequestState.Received)
        {
            throw new RequestException("requests.error.state");
        }

        r.State = RequestState.Acknowledged;
        r.AcknowledgedAt = clock.GetUtcNow();
        Record(r, "acknowledged", staffMember.UserId);
        await TellRequesterAsync(r, "requests.notify.acknowledged", [r.PublicSubject, await LastDayAsync(r.DueAt)], ct);
    }, ct);

    /// <summary>Sends the request to another department, with the reason; the clock keeps running.</summary>
    public Task TransferAsync(long id, Guid toOrganisation, string reason, Actor staffMember, CancellationToken ct = default) => StepAsync(id, staffMember, async r =>
    {
        if (r.State is RequestState.Answered or RequestState.Closed)
        {
            throw new RequestException("requests.error.state");
        }

        reason = Required(reason);
        if (!await db.Organisations.AnyAsync(o => o.Id == toOrganisation, ct) || toOrganisation == r.OrganisationId)
        {
            throw new RequestException("requests.error.organisation");
        }

        var from = r.OrganisationId;
        r.OrganisationId = toOrganisation;
        r.ReminderSentAt = null;
        var e = Record(r, "transferred", staffMember.UserId, reason);
        (e.FromOrganisationId, e.ToOrganisationId) = (from, toOrganisation);
        var name = await db.Organisations.Where(o => o.Id == toOrganisation).Select(o => o.Name).SingleAsync(ct);
        await TellRequesterAsync(r, "requests.notify.transferred", [r.PublicSubject, name.Get(r.Language), e.PublicNote], ct);
        await TellDepartmentAsync(r, "requests.notify.new", ct);
    }, ct);

    /// <summary>Extends the deadline once, before it passes, with notice and the reason, as the law allows.</summary>
    public Task ExtendAsync(long id, string reason, Actor staffMember, CancellationToken ct = default) => StepAsync(id, staffMember, async r =>
    {
        var rules = await rulesStore.GetAsync(ct);
        var kind = rules.For(r.Kind);
        var now = clock.GetUtcNow();
        if (kind.Extension == 0 || r.ExtendedAt is not null || r.State is RequestState.Answered or RequestState.Closed)
        {
            throw new RequestException("requests.error.extension");
        }

        if (now > r.DueAt)
        {
            throw new RequestException("requests.error.extensionlate");
        }

        reason = Required(reason);
        var deadlines = new DeadlineClock(rules, time.Zone);
        r.DueAt = deadlines.EndOf(deadlines.Calendar.AddWorkingDays(deadlines.LocalDate(r.DueAt.AddTicks(-1)), kind.Extension));
        r.ExtendedAt = now;
        r.State = RequestState.Extended;
        r.ReminderSentAt = null;
        var e = Record(r, "extended", staffMember.UserId, reason);
        e.Until = r.DueAt;
        await TellRequesterAsync(r, "requests.notify.extended", [r.PublicSubject, await LastDayAsync(r.DueAt), e.PublicNote], ct);
    }, ct);

    /// <summary>Answers a question, or decides a disclosure request or an objection, with the reasoning (and grounds).</summary>
    /// <param name="thirdPartyObjected">A third party whom the information concerns objected: a disclosure waits the rules' third-party days.</param>
    public Task AnswerAsync(long id, Outcome outcome, string answer, string? grounds, Actor staffMember, bool thirdPartyObjected = false, CancellationToken ct = default) => StepAsync(id, staffMember, async r =>
    {
        if (r.State is RequestState.Answered or RequestState.Closed)
        {
            throw new RequestException("requests.error.state");
        }

        var allowed = r.Kind switch
        {
            RequestKind.Question => outcome is Outcome.Answered,
            RequestKind.Disclosure => outcome is Outcome.Disclosed or Outcome.PartlyDisclosed or Outcome.NotDisclosed or Outcome.NotHeld or Outcome.Transferred,
            RequestKind.Report => outcome is Outcome.Resolved or Outcome.Declined,
            _ => outcome is Outcome.Upheld or Outcome.Dismissed,
        };
        if (!allowed)
        {
            throw new RequestException("requests.error.outcome");
        }

        answer = Required(answer, TextMax);
        grounds = string.IsNullOrWhiteSpace(grounds) ? null : grounds.Trim();
        if (outcome is Outcome.NotDisclosed or Outcome.PartlyDisclosed && grounds is null)
        {
            throw new RequestException("requests.error.grounds");
        }

        var now = clock.GetUtcNow();
        r.State = RequestState.Answered;
        r.Outcome = outcome;
        r.Answer = answer;
        r.PublicAnswer = screener.Screen(answer).MaskedText;
        r.Grounds = grounds;
        r.AnsweredAt = now;
        r.PublicStatusNote = r.PublicAnswer;
        Record(r, "answered", staffMember.UserId);
        var days = (await rulesStore.GetAsync(ct)).Disclosure.ThirdPartyDays;
        if (thirdPartyObjected && outcome is Outcome.Disclosed or Outcome.PartlyDisclosed && days > 0)
        {
            // The decision is told now; the information goes out only once the third party has had time to contest it.
            r.DiscloseAfter = now.AddDays(days);
            Record(r, "thirdparty", staffMember.UserId).Until = r.DiscloseAfter;
        }

        await TellRequesterAsync(r, "requests.notify.answered", [r.PublicSubject], ct);
        await RequestSearch.SyncAsync(search, r, ct);
    }, ct);

    /// <summary>Closes an answered request: staff, or the requester when satisfied.</summary>
    public Task CloseAsync(long id, Actor actor, CancellationToken ct = default) => StepAsync(id, actor, async r =>
    {
        if (r.State != RequestState.Answered)
        {
            throw new RequestException("requests.error.state");
        }

        if (await db.Set<Request>().AnyAsync(o => o.ObjectionTo == r.Id && o.State != RequestState.Closed, ct))
        {
            throw new RequestException("requests.error.objectionopen");
        }

        r.State = RequestState.Closed;
        r.ClosedAt = clock.GetUtcNow();
        Record(r, "closed", actor.UserId);
        await TellRequesterAsync(r, "requests.notify.closed", [r.PublicSubject], ct);
    }, ct);

    /// <summary>The requester objects to a disclosure decision within the window; the objection is a request of its own.</summary>
    public async Task<Request> ObjectAsync(long id, Guid requesterId, string text, CancellationToken ct = default)
    {
        var r = await db.Set<Request>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new RequestException("requests.error.notfound");
        var rules = await rulesStore.GetAsync(ct);
        var now = clock.GetUtcNow();
        if (r.RequesterId != requesterId || r.Kind != RequestKind.Disclosure || r.AnsweredAt is not { } decided)
        {
            throw new RequestException("requests.error.objection");
        }

        if (rules.Disclosure.ObjectionDays == 0 || now > decided.AddDays(rules.Disclosure.ObjectionDays))
        {
            throw new RequestException("requests.error.objectionlate", rules.Disclosure.ObjectionDays);
        }

        if (await db.Set<Request>().AnyAsync(o => o.ObjectionTo == id, ct))
        {
            throw new RequestException("requests.error.objectiontwice");
        }

        text = Required(text, TextMax);
        var deadlines = new DeadlineClock(rules, time.Zone);
        var objection = new Request
        {
            Kind = RequestKind.Objection, RequesterId = requesterId, ObjectionTo = id, Subject = r.Subject, PublicSubject = r.PublicSubject,
            Text = text, PublicText = screener.Screen(text).MaskedText, AboutType = r.AboutType, AboutKey = r.AboutKey, AboutTitle = r.AboutTitle,
            AboutPath = r.AboutPath, OrganisationId = r.OrganisationId, IsPrivate = r.IsPrivate, ByEmail = r.ByEmail, BySms = r.BySms,
            Language = r.Language, State = RequestState.Received, ReceivedAt = now, UpdatedAt = now,
            AcknowledgeBy = deadlines.Due(now, rules.Objection.Acknowledge), DueAt = deadlines.Due(now, rules.Objection.Answer),
        };
        db.Add(objection);
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        Record(r, "objected", null).Until = objection.DueAt;
        Record(objection, "received", null);
        var person = await db.Users.AsNoTracking().Where(u => u.Id == requesterId).Select(u => u.DisplayName).SingleAsync(ct);
        audit.Record(new Actor(requesterId, person), "requests.request.objected", "requests.request", Key(r));
        await TellRequesterAsync(objection, "requests.notify.received", [objection.PublicSubject, await LastDayAsync(objection.DueAt)], ct);
        await TellDepartmentAsync(objection, "requests.notify.new", ct);
        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return objection;
    }

    /// <summary>The requester rates the answer (1 to 5) once it is given; rating again replaces it.</summary>
    public async Task RateAsync(long id, Guid requesterId, int rating, CancellationToken ct = default)
    {
        var r = await db.Set<Request>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new RequestException("requests.error.notfound");
        if (r.RequesterId != requesterId || r.State is not (RequestState.Answered or RequestState.Closed) || rating is < 1 or > 5)
        {
            throw new RequestException("requests.error.rating");
        }

        r.Rating = rating;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether <paramref name="actor"/> may act for the request's department (or is an administrator).</summary>
    public async Task<bool> MayHandleAsync(Request r, Guid userId, bool administrator, CancellationToken ct)
    {
        if (administrator)
        {
            return true;
        }

        if (r.OrganisationId is not { } org)
        {
            return false;
        }

        var scope = await OrganisationTree.ActingScopeAsync(db, userId, ct);
        return scope.Contains(org);
    }

    /// <summary>One step on a request: who may take it is the page's check (department staff, or the requester closing).</summary>
    private async Task StepAsync(long id, Actor actor, Func<Request, Task> step, CancellationToken ct)
    {
        var r = await db.Set<Request>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new RequestException("requests.error.notfound");
        await step(r);
        // The step's own event names it in the audit log (a step may record a second event after it, like "thirdparty").
        var step0 = db.ChangeTracker.Entries<RequestEvent>().First(e => e.State == EntityState.Added).Entity.Kind;
        audit.Record(actor, "requests.request." + step0, "requests.request", Key(r));
        await db.SaveChangesAsync(ct);
    }

    private RequestEvent Record(Request r, string kind, Guid? actor, string? note = null)
    {
        var e = new RequestEvent
        {
            RequestId = r.Id, At = clock.GetUtcNow(), Kind = kind, ActorId = actor, Note = note,
            PublicNote = note is null ? null : screener.Screen(note).MaskedText,
        };
        r.UpdatedAt = e.At;
        db.Add(e);
        return e;
    }

    private async Task TellRequesterAsync(Request r, string key, IReadOnlyList<object?> args, CancellationToken ct)
    {
        if (r.RequesterId is not { } person)
        {
            return;
        }

        // The inbox always; e-mail and SMS as the requester chose for this request.
        await notifier.NotifyAsync(person, new Notification(key + ".subject", key + ".body", args, "requests/" + r.Id)
        {
            Email = r.ByEmail, Sms = r.BySms, Asked = true,
        }, ct);
    }

    private async Task TellDepartmentAsync(Request r, string key, CancellationToken ct)
    {
        var people = r.OrganisationId is { } org ? await staff.AnswerersAsync(org, ct) : await staff.HeadsAsync(null, ct);
        foreach (var person in people)
        {
            await notifier.NotifyAsync(person, new Notification(key + ".subject", key + ".body", [r.PublicSubject, r.Id], "admin/requests/" + r.Id), ct);
        }
    }

    private static string Required(string? text, int max = 2000)
    {
        var t = (text ?? string.Empty).Trim();
        return t.Length == 0 || t.Length > max ? throw new RequestException("requests.error.reason", max) : t;
    }

    private static string? Clip(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Trim() is var t && t.Length > max ? t[..max] : s.Trim();

    internal static string Key(Request r) => r.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A due date as people read it: the last day, in the offices' calendar (each message formats it in its reader's language).</summary>
    private async Task<DateOnly> LastDayAsync(DateTimeOffset due) => new DeadlineClock(await rulesStore.GetAsync(), time.Zone).LocalDate(due.AddTicks(-1));
}

/// <summary>A request step refused, with a localisation key saying why.</summary>
public sealed class RequestException(string key, params object[] arguments) : Exception(key)
{
    public string Key { get; } = key;

    public IReadOnlyList<object> Arguments { get; } = arguments;
}
