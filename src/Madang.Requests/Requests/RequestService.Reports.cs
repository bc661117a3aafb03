using Madang.Core.Files;
using Madang.Core.Identity;
using Madang.Requests.Deadlines;
using Madang.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Requests;

/// <summary>A place reported in a service category: where (a point, an address or both), what, photos and the service's answers.</summary>
public sealed record ReportDraft(string ServiceCode, string? Description, double? Latitude, double? Longitude, string? Address,
    IReadOnlyDictionary<string, string[]>? Attributes = null, IReadOnlyList<(CleanImage Image, string Alt)>? Photos = null,
    bool ByEmail = true, bool BySms = false, string Language = "ko")
{
    /// <summary>For a report from an Open311 client: who to call back (staff only), the client's key and its photo link.</summary>
    public (string? Name, string? Email, string? Phone) Contact { get; init; }

    public Guid? ClientKeyId { get; init; }

    public string? ClientMediaUrl { get; init; }
}

/// <summary>Reports on a map: the request engine's third kind, with a place, photos and a service's questions.</summary>
public sealed partial class RequestService
{
    /// <summary>Reports a place: routed to the service's department, due by the report rules, always public (masked).</summary>
    /// <exception cref="RequestException">An unknown service, no place, a wrong answer to a service question, or the text breaks a rule.</exception>
    public async Task<Request> ReportAsync(ReportDraft draft, Guid? requesterId, CancellationToken ct = default)
    {
        var rules = await rulesStore.GetAsync(ct);
        var service = rules.Services.FirstOrDefault(x => x.Code == draft.ServiceCode) ?? throw new RequestException("requests.error.service");
        MadangUser? requester = null;
        if (requesterId is { } rid)
        {
            requester = await db.Users.AsNoTracking().SingleAsync(u => u.Id == rid, ct);
            if (VerificationService.LevelOf(requester) < rules.Report.Level)
            {
                throw new RequestException("requests.error.verify." + rules.Report.Verify);
            }
        }
        else if (draft.ClientKeyId is null && (!rules.Anonymous || rules.Report.Level > VerificationLevel.None))
        {
            throw new RequestException("requests.error.signin");
        }

        var text = (draft.Description ?? string.Empty).Trim();
        if (text.Length > TextMax)
        {
            throw new RequestException("requests.error.text", TextMax);
        }

        var address = string.IsNullOrWhiteSpace(draft.Address) ? null : draft.Address.Trim();
        if (address is { Length: > 500 })
        {
            throw new RequestException("requests.error.address", 500);
        }

        if (draft.Latitude is null != draft.Longitude is null || draft.Latitude is < -90 or > 90 || draft.Longitude is < -180 or > 180
            || draft.Latitude is double.NaN || draft.Longitude is double.NaN)
        {
            throw new RequestException("requests.error.point");
        }

        if (draft.Latitude is null && address is null)
        {
            throw new RequestException("requests.error.place");
        }

        var attributes = ServiceAnswers.Check(service, draft.Attributes ?? new Dictionary<string, string[]>(), draft.Language);
        var photos = draft.Photos ?? [];
        if (photos.Count > rules.Photos)
        {
            throw new RequestException("requests.error.photos", rules.Photos);
        }

        if (photos.Any(p => string.IsNullOrWhiteSpace(p.Alt) || p.Alt.Trim().Length > ImageCleaner.AltMax))
        {
            throw new RequestException("requests.error.photo.alt", ImageCleaner.AltMax);
        }

        var now = clock.GetUtcNow();
        if (requesterId is not null)
        {
            var since = now.AddDays(-1);
            if (await db.Set<Request>().CountAsync(r => r.RequesterId == requesterId && r.ReceivedAt > since, ct) >= PerDay * 3)
            {
                throw new RequestException("requests.error.ratelimit", PerDay * 3);
            }
        }

        var subject = service.NameIn(draft.Language) + (address is null ? string.Empty : " — " + address);
        if (subject.Length > SubjectMax)
        {
            subject = subject[..SubjectMax];
        }

        var deadlines = new DeadlineClock(rules, time.Zone);
        var department = await db.Organisations.Where(o => o.Code == service.Department).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct);
        var request = new Request
        {
            Kind = RequestKind.Report,
            RequesterId = requesterId,
            Subject = subject,
            Text = text,
            PublicSubject = screener.Screen(subject).MaskedText,
            PublicText = text.Length == 0 ? string.Empty : screener.Screen(text).MaskedText,
            ServiceCode = service.Code,
            Latitude = draft.Latitude is { } lat ? Math.Round(lat, 6) : null,
            Longitude = draft.Longitude is { } lon ? Math.Round(lon, 6) : null,
            Address = address,
            PublicAddress = address is null ? null : screener.Screen(address).MaskedText,
            Attributes = attributes.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(attributes),
            Token = Guid.NewGuid().ToString("N"),
            ContactName = Clip(draft.Contact.Name, 200),
            ContactEmail = Clip(draft.Contact.Email, 254),
            ContactPhone = Clip(draft.Contact.Phone, 40),
            ClientKeyId = draft.ClientKeyId,
            ClientMediaUrl = Uri.TryCreate(draft.ClientMediaUrl, UriKind.Absolute, out var media) && media.Scheme is "http" or "https" ? Clip(draft.ClientMediaUrl, 2000) : null,
            OrganisationId = department,
            ByEmail = requesterId is not null && draft.ByEmail,
            BySms = requesterId is not null && draft.BySms,
            Language = draft.Language,
            State = RequestState.Received,
            ReceivedAt = now,
            UpdatedAt = now,
            AcknowledgeBy = deadlines.Due(now, rules.Report.Acknowledge),
            DueAt = deadlines.Due(now, rules.Report.Answer),
        };
        return await ReceiveAsync(request, requester, () =>
        {
            for (var i = 0; i < photos.Count; i++)
            {
                var (image, alt) = photos[i];
                db.Add(new RequestPhoto
                {
                    RequestId = request.Id, Position = i + 1, Sha256 = image.Sha256, Length = image.Length, Width = image.Width, Height = image.Height,
                    Alt = alt.Trim(), PublicAlt = screener.Screen(alt.Trim()).MaskedText,
                });
            }
        }, ct);
    }
}
