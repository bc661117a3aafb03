using Microsoft.EntityFrameworkCore;
using Madang.Core.Localization;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madang.Core.Data;

/// <summary>Maps a <see cref="LocalizedText"/> to five columns named Prefix_ko … Prefix_zh_Hant, for any module's entities.</summary>
public static class LocalizedTextMapping
{
    public static void Map(ComplexPropertyBuilder<LocalizedText> n, string prefix, int? maxLength = null)
    {
        Column(n.Property(t => t.Ko), prefix + "_ko", maxLength);
        Column(n.Property(t => t.Ja), prefix + "_ja", maxLength);
        Column(n.Property(t => t.En), prefix + "_en", maxLength);
        Column(n.Property(t => t.ZhHans), prefix + "_zh_Hans", maxLength);
        Column(n.Property(t => t.ZhHant), prefix + "_zh_Hant", maxLength);
    }

    private static void Column(ComplexTypePropertyBuilder<string?> p, string name, int? maxLength)
    {
        p.HasColumnName(name);
        if (maxLength is { } m)
        {
            p.HasMaxLength(m);
        }
    }
}
