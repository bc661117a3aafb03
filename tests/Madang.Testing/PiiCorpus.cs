using System.Globalization;
using System.Text;
using Madang.Core.Privacy;

namespace Madang.Testing;

/// <summary>Deterministic synthetic documents with planted personal data of every type and look-alikes that must not be flagged.</summary>
public static class PiiCorpus
{
    /// <summary>A planted value: where it is and what it is.</summary>
    public sealed record Planted(PiiType Type, int Start, int Length, bool HasCheckRule);

    public sealed record Document(string Text, IReadOnlyList<Planted> Planted);

    private static readonly string[] Filler =
    [
        "2024년도 주민참여예산 사업의 추진 현황을 다음과 같이 보고합니다.",
        "令和6年度の市民参加事業について、次のとおり報告します。",
        "本案係依據市民參與預算計畫辦理，請查照。",
        "The committee reviewed the transport budget for the coming year.",
        "문서번호 정보공개정책과-17525 (2024-01-15 결재), 사업비 1,234,567,000원.",
        "会議は2024年3月1日に開催され、予算額は12,345,000円であった。",
        "附件：會議紀錄一份，預算金額新臺幣3,500,000元。",
        "Reference 2024/03/17, order no. 20240317-001, total 45,000 KRW.",
    ];

    public static IEnumerable<Document> Generate(int count, int seed = 1123)
    {
        var r = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var sb = new StringBuilder();
            var planted = new List<Planted>();
            void Text(string s) => sb.Append(s);
            void Plant(PiiType type, string before, string value, string after, bool check = false)
            {
                sb.Append(before);
                planted.Add(new Planted(type, sb.Length, value.Length, check));
                sb.Append(value).Append(after);
            }

            Text(Filler[r.Next(Filler.Length)] + "\n");
            var kinds = Enumerable.Range(0, 5).Select(_ => r.Next(17)).ToList();
            foreach (var k in kinds)
            {
                switch (k)
                {
                    case 0: Plant(PiiType.KrResidentNumber, Pick(r, "주민등록번호: ", "신청인(", "주민번호 "), Rrn(r, valid: true), Pick(r, ")\n", " 확인\n", "\n"), check: true); break;
                    case 1: Plant(PiiType.KrResidentNumber, Pick(r, "신청인(", "대상자 ", "주민등록번호 "), Rrn(r, valid: false), ")\n"); break;
                    case 2: Plant(PiiType.KrForeignerNumber, "외국인등록번호 ", Frn(r), "\n", check: true); break;
                    case 3: Plant(PiiType.JpMyNumber, Pick(r, "個人番号：", "マイナンバー ", "番号 "), MyNumber(r), "\n", check: true); break;
                    case 4: Plant(PiiType.TwNationalId, Pick(r, "身分證字號：", "申請人 ", "ID "), TwId(r), "\n", check: true); break;
                    case 5: Plant(PiiType.PaymentCard, Pick(r, "카드번호 ", "カード番号：", "card ", "信用卡 "), Card(r), "\n", check: true); break;
                    case 6: Plant(PiiType.Phone, Pick(r, "연락처 ", "携帯 ", "電話：", "tel. "), Phone(r), Pick(r, "\n", " までご連絡ください。\n", "로 연락 바랍니다.\n")); break;
                    case 7: Plant(PiiType.Email, Pick(r, "이메일 ", "メール：", "Email: ", "電子郵件 "), Email(r), "\n"); break;
                    case 8: Plant(PiiType.Passport, Pick(r, "여권번호 ", "旅券番号 ", "Passport no. "), "M" + Digits(r, 3) + (char)('A' + r.Next(26)) + Digits(r, 4), "\n"); break;
                    case 9: Plant(PiiType.DriverLicence, "운전면허번호 ", $"{r.Next(11, 27)}-{Digits(r, 2)}-{Digits(r, 6)}-{Digits(r, 2)}", "\n"); break;
                    case 10: Plant(PiiType.BankAccount, Pick(r, "입금 계좌 ", "振込先口座 ", "帳號 "), $"{Digits(r, 3)}-{Digits(r, 3)}-{Digits(r, 6)}", "\n"); break;
                    case 11: Plant(PiiType.PersonName, Pick(r, "성명: ", "이름 : "), Pick(r, "홍길동", "김민지", "이서연", "박지훈"), "\n"); break;
                    case 12: Plant(PiiType.PersonName, Pick(r, "氏名：", "姓名："), Pick(r, "山田 太郎", "佐藤花子", "陳美玲", "林志明"), "\n"); break;
                    case 13: Plant(PiiType.Address, Pick(r, "주소: ", "住所：", "地址："), Pick(r, "서울특별시 중구 세종대로 110", "東京都新宿区西新宿2-8-1", "臺北市信義區市府路1號"), "\n"); break;
                    case 14: Plant(PiiType.BirthDate, Pick(r, "생년월일: ", "生年月日：", "Date of birth: "), $"{r.Next(1940, 2015)}-{r.Next(1, 13):00}-{r.Next(1, 29):00}", "\n"); break;
                    case 15: Plant(PiiType.PersonName, "Name: ", Pick(r, "Jane Doe", "Min-ji Kim", "Taro Yamada"), "\n"); break;
                    default: Plant(PiiType.Address, "Address: ", Pick(r, "12 Harbour Road, Busan", "1-1 Chiyoda, Tokyo"), "\n"); break;
                }

                Text(LookAlike(r) + " " + Filler[r.Next(Filler.Length)] + "\n");
            }

            yield return new Document(sb.ToString(), planted);
        }
    }

    /// <summary>Numbers shaped like personal data that are not: they must never be flagged.</summary>
    private static string LookAlike(Random r) => r.Next(8) switch
    {
        0 => $"접수번호 {r.Next(90, 100)}{r.Next(13, 20)}{r.Next(10, 28):00}-{Digits(r, 7)}", // month 13–19: no birth date
        1 => Luhnless(r),
        2 => BadMyNumber(r),
        3 => "事業番号 A" + Digits(r, 9)[..1].Replace("1", "3").Replace("2", "3").Replace("8", "3").Replace("9", "3") + Digits(r, 8), // TW shape with a non-gender digit
        4 => $"예산 {r.Next(1, 999)},{Digits(r, 3)},{Digits(r, 3)}원",
        5 => $"문서번호 교통정책과-{r.Next(1000, 99999)}",
        6 => $"{r.Next(2015, 2026)}-{r.Next(1, 13):00}-{r.Next(1, 29):00} 결재",
        _ => $"内線 {r.Next(1000, 9999)}",
    };

    private static string Pick(Random r, params string[] options) => options[r.Next(options.Length)];

    private static string Digits(Random r, int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + r.Next(10))));

    private static string Rrn(Random r, bool valid)
    {
        var year = r.Next(1940, 2020);
        var date = new DateTime(year, 1, 1).AddDays(r.Next(365));
        var g = (year >= 2000 ? 3 : 1) + r.Next(2);
        var body = date.ToString("yyMMdd", CultureInfo.InvariantCulture) + g + Digits(r, 5);
        for (var c = 0; c < 10; c++)
        {
            var candidate = body + c;
            if (CheckDigits.KrResident(candidate) == valid)
            {
                return candidate[..6] + "-" + candidate[6..];
            }
        }

        throw new InvalidOperationException();
    }

    private static string Frn(Random r)
    {
        var date = new DateTime(r.Next(1950, 2005), 1, 1).AddDays(r.Next(365));
        var body = date.ToString("yyMMdd", CultureInfo.InvariantCulture) + (5 + r.Next(2)) + Digits(r, 5);
        var c = Enumerable.Range(0, 10).First(d => CheckDigits.KrForeigner(body + d));
        return body[..6] + "-" + body[6..] + c;
    }

    private static string MyNumber(Random r)
    {
        var body = Digits(r, 11);
        var c = Enumerable.Range(0, 10).First(d => CheckDigits.JpMyNumber(body + d));
        var n = body + c;
        return r.Next(2) == 0 ? n : $"{n[..4]} {n[4..8]} {n[8..]}";
    }

    private static string BadMyNumber(Random r)
    {
        var body = Digits(r, 11);
        var c = Enumerable.Range(0, 10).First(d => !CheckDigits.JpMyNumber(body + d));
        return "整理番号 " + body + c;
    }

    private static string TwId(Random r)
    {
        var body = (char)('A' + r.Next(26)) + (1 + r.Next(2)).ToString(CultureInfo.InvariantCulture) + Digits(r, 7);
        return body + Enumerable.Range(0, 10).First(d => CheckDigits.TwNationalId(body + d));
    }

    private static string Card(Random r)
    {
        var prefix = Pick(r, "4", "51", "55", "2221", "2720", "9410", "9430", "35");
        var body = prefix + Digits(r, 15 - prefix.Length);
        var n = body + Enumerable.Range(0, 10).First(d => CheckDigits.Luhn(body + d));
        var sep = Pick(r, "-", " ", string.Empty);
        return string.Join(sep, n.Chunk(4).Select(c => new string(c)));
    }

    private static string Luhnless(Random r)
    {
        var body = "4" + Digits(r, 14);
        return "승인번호 " + body + Enumerable.Range(0, 10).First(d => !CheckDigits.Luhn(body + d));
    }

    private static string Phone(Random r) => r.Next(9) switch
    {
        0 => $"010-{r.Next(2000, 9999)}-{Digits(r, 4)}",
        1 => $"02-{r.Next(2000, 9999)}-{Digits(r, 4)}",
        2 => $"031-{r.Next(200, 999)}-{Digits(r, 4)}",
        3 => $"090-{r.Next(1000, 9999)}-{Digits(r, 4)}",
        4 => $"03-{r.Next(5000, 6999)}-{Digits(r, 4)}",
        5 => $"09{r.Next(10, 89)}-{Digits(r, 3)}-{Digits(r, 3)}",
        6 => $"02-2{Digits(r, 3)}-{Digits(r, 4)}",
        7 => $"+82 10-{r.Next(2000, 9999)}-{Digits(r, 4)}",
        _ => $"+81 90-{r.Next(1000, 9999)}-{Digits(r, 4)}",
    };

    private static string Email(Random r) =>
        Pick(r, "minji.kim", "taro_yamada", "meiling.chen", "j.doe", "user2024") + "@" + Pick(r, "example.kr", "mail.example.jp", "example.com.tw", "example.org");
}
