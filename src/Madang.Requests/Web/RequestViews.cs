using Madang.Requests.Domain;

namespace Madang.Requests.Web;

/// <summary>Words for states and outcomes, shared by the public and staff pages.</summary>
public static class RequestViews
{
    public static string StateKey(Request r, DateTimeOffset now) =>
        r.State is RequestState.Answered or RequestState.Closed ? "requests.state." + r.State.ToString().ToLowerInvariant()
        : r.IsOverdue(now) ? "requests.state.overdue"
        : "requests.state." + r.State.ToString().ToLowerInvariant();

    public static string StateClass(Request r, DateTimeOffset now) =>
        r.State is RequestState.Answered or RequestState.Closed ? "tag done" : r.IsOverdue(now) ? "tag overdue" : "tag open";

    public static string KindKey(RequestKind k) => "requests.kind." + k.ToString().ToLowerInvariant();

    public static string OutcomeKey(Outcome o) => "requests.outcome." + o.ToString().ToLowerInvariant();

    public static string EventKey(string kind) => "requests.event." + kind;

    /// <summary>The last day of a deadline (the day before the midnight it ends at), in the site's time zone.</summary>
    public static DateOnly LastDay(DateTimeOffset due, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due.AddTicks(-1), zone).DateTime);
}
