using Madang.Dashboards.Cards;

namespace Madang.Dashboards.Pages.Dashboards;

/// <summary>What the card partial needs: the card, its links, its heading level and the page's language.</summary>
/// <param name="Link">The card's own page, or null on that page.</param>
public sealed record CardModel(CardView View, string? Link, string Csv, string Json, string DatasetLink, int Level, string Culture, bool Single);
