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
    [InlineData("運転免許証番号：第 512603318849 号", PiiType.DriverLicence, "51**********")] // Japanese licence: 12 digits, label only
    [InlineData("振込先 りそな銀行 本町支店 普通 3308174", PiiType.BankAccount, "***8174")] // Japanese account: 7 digits
    [InlineData("입금 계좌번호 30291145087712", PiiType.BankAccount, "**********7712")] // written without hyphens
    [InlineData("護照號碼：207731564", PiiType.Passport, "2********")] // Taiwanese passport: 9 digits
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
    [InlineData("입금액 3308174원, 계좌 이체 수수료 500원")] // an amount near a bank word is not an account
    [InlineData("振込金額 4500000円")] // nor a Japanese amount
    [InlineData("접수번호 2026-00123, 우편번호 34141")] // serials and postal codes
    public void Screen_LookAlikes_AreNotFlagged(string text) =>
        Assert.Empty(Screener.Screen(text).Findings);

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
