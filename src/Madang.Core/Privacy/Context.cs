namespace Madang.Core.Privacy;

/// <summary>Label words near a match: they turn a plausible number into a certain one.</summary>
internal static class Context
{
    public static readonly string[] ResidentNumber = ["주민등록번호", "주민번호", "주민등록", "resident registration", "rrn"];
    public static readonly string[] ForeignerNumber = ["외국인등록번호", "외국인번호", "외국인등록", "alien registration"];
    public static readonly string[] MyNumber = ["マイナンバー", "個人番号", "my number"];
    public static readonly string[] TwId = ["身分證", "身份證", "身分证", "身份证", "統一編號", "national id"];
    public static readonly string[] Card = ["카드", "카드번호", "신용카드", "カード", "クレジット", "信用卡", "卡號", "卡号", "card"];
    public static readonly string[] Passport = ["여권", "여권번호", "旅券", "パスポート", "護照", "护照", "passport"];
    public static readonly string[] DriverLicence = ["운전면허", "면허번호", "運転免許", "免許証", "駕照", "驾照", "駕駛執照", "driver", "licence", "license"];
    public static readonly string[] BankAccount = ["계좌", "계좌번호", "예금주", "입금", "은행", "口座", "振込", "銀行", "帳號", "账号", "帳戶", "账户", "account", "bank"];

    /// <summary>Labels of a Japanese account number, which is 7 digits: an amount after "振込" or "銀行" is not one.</summary>
    public static readonly string[] JpAccount = ["口座", "普通", "当座"];

    /// <summary>Labels that name the number itself, for account numbers written without hyphens.</summary>
    public static readonly string[] AccountNumber = ["계좌", "口座", "帳號", "账号", "帳戶", "账户", "account no", "account number", "a/c"];

    /// <summary>Labels of an office's main line or fax: the number of an organisation, not of a person.</summary>
    public static readonly string[] OfficeLine = ["대표전화", "대표번호", "팩스", "代表電話", "代表番号", "ファックス", "FAX", "總機", "总机", "傳真", "传真", "main line", "switchboard"];

    /// <summary>True when one of <paramref name="words"/> ends within <paramref name="window"/> characters before <paramref name="start"/>.</summary>
    public static bool Before(string text, int start, IEnumerable<string> words, int window = 24)
    {
        var from = Math.Max(0, start - window);
        // A label belongs to its own line: "個人番号" on the line above says nothing about this number.
        var lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1));
        from = Math.Max(from, lineStart + 1);
        var span = from < start ? text[from..start] : string.Empty;
        return words.Any(w => span.Contains(w, StringComparison.OrdinalIgnoreCase));
    }
}
