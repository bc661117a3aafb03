using Madang.Core.Privacy;

namespace Madang.Core.Tests;

public sealed class ScreeningTests
{
    private static readonly PiiScreener Screener = new();

    [Theory]
    [InlineData("신청인 주민등록번호 900101-1234568 입니다", PiiType.KrResidentNumber, "900101-1******")]
    [InlineData("번호: 210315-4123456", PiiType.KrResidentNumber, "210315-4******")] // post-2020: random digits, no valid check
    [InlineData("외국인등록번호 850705-5123450", PiiType.KrForeignerNumber, "850705-5******")]
    [InlineData("マイナンバー 6214 9832 0257", PiiType.JpMyNumber, "**** **** 0257")]
    [InlineData("身分證字號 A123456789", PiiType.TwNationalId, "A1********")]
    [InlineData("카드 4111-1111-1111-1111 결제", PiiType.PaymentCard, "****-****-****-1111")]
    [InlineData("Mastercard 2223 0000 4841 0010", PiiType.PaymentCard, "**** **** **** 0010")]
    [InlineData("연락처 010-1234-5678", PiiType.Phone, "010-****-5678")]
    [InlineData("電話 090-1234-5678", PiiType.Phone, "090-****-5678")]
    [InlineData("手機 0912-345-678", PiiType.Phone, "0912-***-678")]
    [InlineData("call +82 10 1234 5678 now", PiiType.Phone, "+82 10 **** 5678")]
    [InlineData("메일 kim.minji@example.kr 로", PiiType.Email, "k***@example.kr")]
    [InlineData("여권번호 M123A4567", PiiType.Passport, "M********")]
    [InlineData("운전면허 11-12-345678-90", PiiType.DriverLicence, "11-**-******-**")]
    [InlineData("입금 계좌 110-123-456789 (신한)", PiiType.BankAccount, "***-***-**6789")]
    [InlineData("성명: 홍길동\n", PiiType.PersonName, "[이름]")]
    [InlineData("氏名：山田 太郎\n", PiiType.PersonName, "[氏名]")]
    [InlineData("姓名：陳美玲，", PiiType.PersonName, "[姓名]")]
    [InlineData("Name: Jane Doe\n", PiiType.PersonName, "[name]")]
    [InlineData("주소: 서울특별시 중구 세종대로 110\n", PiiType.Address, "[주소]")]
    [InlineData("生年月日：1985年3月12日", PiiType.BirthDate, "[生年月日]")]
    [InlineData("Date of birth: 12/03/1985", PiiType.BirthDate, "[date of birth]")]
    [InlineData("김민지 님 민원 회신", PiiType.PersonName, "[이름]")]
    [InlineData("山田太郎様へのご回答", PiiType.PersonName, "[氏名]")]
    [InlineData("携帯 080(2291)4476", PiiType.Phone, "080(****)4476")] // the middle group in brackets, as Japanese forms write it
    [InlineData("氏名（フリガナ）：サトウ ハナ\n", PiiType.PersonName, "[氏名]")] // a label with its qualifier
    [InlineData("주소(거소): 강원특별자치도 춘천시 중앙로 1\n", PiiType.Address, "[주소]")]
    [InlineData("住所〒060-0001 札幌市中央区北1条西2丁目\n", PiiType.Address, "[住所]")] // the postal mark right after the label
    [InlineData("通訊地址：新竹市東區中華路二段120號\n", PiiType.Address, "[地址]")] // a compound label
    [InlineData("입금 계좌 302 118 447190", PiiType.BankAccount, "*** *** **7190")] // groups separated by spaces
    [InlineData("運転免許証番号：第 512603318849 号", PiiType.DriverLicence, "51**********")] // Japanese licence: 12 digits, label only
    [InlineData("振込先 りそな銀行 本町支店 普通 3308174", PiiType.BankAccount, "***8174")] // Japanese account: 7 digits
    [InlineData("입금 계좌번호 30291145087712", PiiType.BankAccount, "**********7712")] // written without hyphens
    [InlineData("護照號碼：207731564", PiiType.Passport, "2********")] // Taiwanese passport: 9 digits
    [InlineData("성 명: 표다인\n", PiiType.PersonName, "[이름]")] // labels spaced out to align a form
    [InlineData("氏　名　北條 咲良\n", PiiType.PersonName, "[氏名]")]
    [InlineData("주　소　대전광역시 유성구 대학로 291\n", PiiType.Address, "[주소]")]
    [InlineData("Name\tOrla Whitcombe\n", PiiType.PersonName, "[name]")] // a table cell beside its label
    [InlineData("생년월일 59년 8월 30일", PiiType.BirthDate, "[생년월일]")]
    [InlineData("生年月日：平成3年6月14日", PiiType.BirthDate, "[生年月日]")]
    [InlineData("出生日期：民國66年10月2日", PiiType.BirthDate, "[出生日期]")]
    [InlineData("Date of birth: 9 Sept 1974", PiiType.BirthDate, "[date of birth]")]
    [InlineData("DOB: March 3rd, 1981", PiiType.BirthDate, "[date of birth]")]
    public void Screen_FindsAndMasks(string text, PiiType type, string mask)
    {
        var result = Screener.Screen(text);
        var f = Assert.Single(result.Findings);
        Assert.Equal(type, f.Type);
        Assert.Equal(mask, f.Mask);
        Assert.Contains(mask, result.MaskedText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("문서번호 정보공개정책과-17525, 2024-01-15 결재")] // document number and the document's own date
    [InlineData("사업비 1,234,567,890원 집행")] // amounts
    [InlineData("991350-1234567")] // month 13 is no birth date
    [InlineData("900230-1234567")] // 30 February
    [InlineData("4111-1111-1111-1112")] // fails Luhn
    [InlineData("6214 9832 0258")] // fails the My Number check, no label
    [InlineData("A123456788")] // fails the Taiwanese check, no label
    [InlineData("010-123-45")] // too short to be a phone
    [InlineData("Name of the project: civic dashboard")] // an English label needs a colon right after it
    [InlineData("대표전화 1588-1234")] // a business's public line
    [InlineData("AB1234567 제품 코드")] // passport-like code without a label
    [InlineData("시민 여러분과 선생님, 담당자님께")] // people addressed by role, not by name
    [InlineData("문의: 대표전화 051-888-4417, 팩스 051-888-4499")] // an office's main line and fax are public
    [InlineData("代表電話：075-213-4490")]
    [InlineData("회의 2026.03.14(토) 14:00, 사업(2026) 예산 2026(0123)")] // dates and codes with brackets are not phones
    [InlineData("주소록 정비 및 이름표 제작")] // words that begin with a label
    [InlineData("입금액 3308174원, 계좌 이체 수수료 500원")] // an amount near a bank word is not an account
    [InlineData("振込金額 4500000円")] // nor a Japanese amount
    [InlineData("매주 소독 실시, 이 름표 배부")] // label-like syllables inside words
    [InlineData("접수번호 2026-00123, 우편번호 34141")] // serials and postal codes
    public void Screen_LookAlikes_AreNotFlagged(string text) =>
        Assert.Empty(Screener.Screen(text).Findings);

    [Fact]
    public void Screen_MobileNumber_IsMaskedEvenAfterAnOfficeLineLabel()
    {
        var result = Screener.Screen("대표전화 010-4471-2208");
        Assert.Equal(PiiType.Phone, Assert.Single(result.Findings).Type);
        Assert.DoesNotContain("4471", result.MaskedText, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_RegisterTable_MasksTheCellsUnderTheLabels()
    {
        // A table as extraction writes it: the header row names the columns, the people are in the rows below.
        var text = "연번\t성명\t주소\t생년월일\t비고\n1\t모시우\t울산광역시 남구 삼산로 35\t1962. 7. 9.\t2026-00123\n2\t채다온\t제주시 연동 312-1\t1990-01-27\t\n\n합계 2명";
        var masked = Screener.Screen(text).MaskedText;
        foreach (var value in new[] { "모시우", "삼산로", "1962. 7. 9", "채다온", "연동 312-1", "1990-01-27" })
        {
            Assert.DoesNotContain(value, masked, StringComparison.Ordinal);
        }

        Assert.Contains("연번\t성명\t주소\t생년월일\t비고\n1\t", masked, StringComparison.Ordinal); // the header and the numbering stay
        Assert.Contains("2026-00123", masked, StringComparison.Ordinal);
        Assert.Contains("합계 2명", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_FullWidthDigits_FoundAndMaskedInPlace()
    {
        var text = "주민등록번호：９００１０１－１２３４５６８ 끝";
        var result = Screener.Screen(text);
        var f = Assert.Single(result.Findings);
        Assert.Equal("９００１０１－１２３４５６８", text.Substring(f.Start, f.Length));
        Assert.Equal("주민등록번호：900101-1****** 끝", result.MaskedText);
    }

    [Fact]
    public void Screen_CheckDigitOrLabel_MakesAResidentNumberCertain()
    {
        Assert.True(Screener.Screen("900101-1234568").Findings.Single().Certain); // valid check digit
        Assert.False(Screener.Screen("210315-4123456").Findings.Single().Certain); // plausible only: for a reviewer
        Assert.True(Screener.Screen("주민번호 210315-4123456").Findings.Single().Certain); // labelled
    }

    [Fact]
    public void Screen_AllowList_KeepsPublicValues()
    {
        var text = "담당: 정보공개정책과 02-2133-5678, 민원인 010-9876-5432";
        var result = Screener.Screen(text, new ScreeningOptions { AllowList = ["02 2133 5678"] });
        var f = Assert.Single(result.Findings);
        Assert.Equal("010-9876-5432", text.Substring(f.Start, f.Length));
        Assert.Contains("02-2133-5678", result.MaskedText, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_ManyFindings_MaskedWithoutShiftingTheRest()
    {
        var text = "성명: 김민지\n연락처 010-1234-5678, 이메일 minji@example.kr\n주소: 부산광역시 해운대구 센텀로 99\n감사합니다.";
        var result = Screener.Screen(text);
        Assert.Equal(4, result.Findings.Count);
        Assert.Equal("성명: [이름]\n연락처 010-****-5678, 이메일 m***@example.kr\n주소: [주소]\n감사합니다.", result.MaskedText);
        Assert.All(result.Findings, f => Assert.False(string.IsNullOrEmpty(f.Reason)));
    }
}
