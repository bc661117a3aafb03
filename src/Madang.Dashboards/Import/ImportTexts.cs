using System.Text.RegularExpressions;
using Madang.Dashboards.Definition;

namespace Madang.Dashboards.Import;

/// <summary>The five-language words the importers give the cards they make: units and the names Japanese data uses.</summary>
internal static partial class ImportTexts
{
    public static readonly Text Persons = Text.Of("명", "人", "people", "人", "人");

    public static readonly Text Cases = Text.Of("건", "件", "cases", "件", "件");

    /// <summary>
    /// Column names and category values as the data holds them. The data keeps its Japanese words (they are what the
    /// source publishes and what a re-import matches); a card shows these instead.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Text> Words = new Dictionary<string, Text>
    {
        ["date"] = Text.Of("날짜", "日付", "Date", "日期", "日期"),
        ["小計"] = Text.Of("합계", "小計", "Total", "小计", "小計"),
        ["居住地"] = Text.Of("거주지", "居住地", "Residence", "居住地", "居住地"),
        ["年代"] = Text.Of("연령대", "年代", "Age group", "年龄段", "年齡層"),
        ["性別"] = Text.Of("성별", "性別", "Sex", "性别", "性別"),
        ["退院"] = Text.Of("퇴원", "退院", "Discharged", "出院", "出院"),
        ["男性"] = Text.Of("남성", "男性", "Male", "男性", "男性"),
        ["女性"] = Text.Of("여성", "女性", "Female", "女性", "女性"),
        ["都内"] = Text.Of("도내", "都内", "Tokyo", "都内", "都內"),
        ["その他"] = Text.Of("기타", "その他", "Other", "其他", "其他"),
        ["検査実施人数"] = Text.Of("검사 인원", "検査実施人数", "People tested", "检测人数", "檢測人數"),
        ["検査実施件数"] = Text.Of("검사 건수", "検査実施件数", "Tests performed", "检测件数", "檢測件數"),
        ["陽性患者数"] = Text.Of("확진자 수", "陽性患者数", "Confirmed cases", "确诊病例数", "確診病例數"),
        ["陽性者数"] = Text.Of("확진자 수", "陽性者数", "Confirmed cases", "确诊病例数", "確診病例數"),
        ["陰性確認"] = Text.Of("음성 확인", "陰性確認", "Confirmed negative", "确认阴性", "確認陰性"),
        ["入院中"] = Text.Of("입원 중", "入院中", "In hospital", "住院中", "住院中"),
        ["入院"] = Text.Of("입원", "入院", "In hospital", "住院", "住院"),
        ["軽症・中等症"] = Text.Of("경증·중등증", "軽症・中等症", "Mild or moderate", "轻症、中症", "輕症、中症"),
        ["重症"] = Text.Of("중증", "重症", "Severe", "重症", "重症"),
        ["宿泊療養"] = Text.Of("숙박 요양", "宿泊療養", "Recovering in a hotel", "酒店疗养", "旅館療養"),
        ["自宅療養"] = Text.Of("자택 요양", "自宅療養", "Recovering at home", "居家疗养", "居家療養"),
        ["入院・療養等調整中"] = Text.Of("입원·요양 조정 중", "入院・療養等調整中", "Awaiting a hospital or hotel place", "正在安排住院或疗养", "正在安排住院或療養"),
        ["調査中"] = Text.Of("조사 중", "調査中", "Under investigation", "调查中", "調查中"),
        ["退院等（療養期間経過を含む）"] = Text.Of("퇴원 등(요양 기간 경과 포함)", "退院等（療養期間経過を含む）", "Discharged (including those past their recovery period)", "出院等（含疗养期满）", "出院等（含療養期滿）"),
        ["死亡"] = Text.Of("사망", "死亡", "Deaths", "死亡", "死亡"),
        ["検査検体数"] = Text.Of("검사 검체 수", "検査検体数", "Samples tested", "检测样本数", "檢測樣本數"),
        ["疑い例検査"] = Text.Of("의심 사례 검사", "疑い例検査", "Tests of suspected cases", "疑似病例检测", "疑似病例檢測"),
        ["接触者調査"] = Text.Of("접촉자 조사", "接触者調査", "Contact tracing", "接触者调查", "接觸者調查"),
        ["チャーター便"] = Text.Of("전세기", "チャーター便", "Charter flights", "包机", "包機"),
        ["帰国者"] = Text.Of("귀국자", "帰国者", "Returnees", "归国者", "歸國者"),
        ["濃厚接触者"] = Text.Of("밀접 접촉자", "濃厚接触者", "Close contacts", "密切接触者", "密切接觸者"),
    };

    /// <summary>The words in <see cref="Words"/> and time slots among <paramref name="keys"/>, for a card's labels.</summary>
    public static Dictionary<string, Text>? LabelsFor(IEnumerable<string> keys)
    {
        var labels = new Dictionary<string, Text>();
        foreach (var key in keys)
        {
            if (Words.TryGetValue(key, out var text))
            {
                labels[key] = text;
            }
            else if (TimeSlot(key) is { } slot)
            {
                labels[key] = slot;
            }
        }

        return labels.Count == 0 ? null : labels;
    }

    /// <summary>A call centre's time slot (<c>9-13時</c>, <c>17-翌9時</c>) in the five languages, or null.</summary>
    public static Text? TimeSlot(string key)
    {
        var m = Slot().Match(JapaneseValues.Fold(key));
        if (!m.Success)
        {
            return null;
        }

        var (from, to) = (m.Groups[1].Value, m.Groups[3].Value);
        return m.Groups[2].Success
            ? Text.Of($"{from}시–다음 날 {to}시", key, $"{from}:00–{to}:00 next day", $"{from}时至次日{to}时", $"{from}時至次日{to}時")
            : Text.Of($"{from}–{to}시", key, $"{from}:00–{to}:00", $"{from}–{to}时", $"{from}–{to}時");
    }

    [GeneratedRegex(@"^(\d{1,2})[-~〜](翌)?(\d{1,2})時$")]
    private static partial Regex Slot();
}
