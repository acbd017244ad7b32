using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Tests.Submissions;

public class LanguageTagsTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("FR", "fr")]
    [InlineData("fr-ca", "fr-CA")]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("es-419", "es-419")]
    [InlineData("sr-latn-rs", "sr-Latn-RS")]
    [InlineData("de-CH-1996", "de-CH-1996")]
    [InlineData("sl-rozaj-biske", "sl-rozaj-biske")]
    [InlineData("zh-yue-HK", "zh-yue-HK")]
    [InlineData("en-US-u-ca-gregory", "en-US-u-ca-gregory")]
    [InlineData("en-US-x-Twain", "en-US-x-twain")]
    [InlineData("ar", "ar")]
    [InlineData("ru", "ru")]
    public void a_well_formed_tag_is_accepted_in_canonical_case(string tag, string canonical) =>
        Assert.Equal(canonical, LanguageTags.Normalise(tag));

    [Theory]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("english language")]
    [InlineData("english")]
    [InlineData("engl")]
    [InlineData("en_US")]
    [InlineData("en-")]
    [InlineData("-en")]
    [InlineData("en--US")]
    [InlineData("123")]
    [InlineData("a-DE")]
    [InlineData("x-private")]
    [InlineData("i-klingon")]
    [InlineData("en-US-US")]
    [InlineData("de-1996-1996")]
    [InlineData("en-a-bbb-a-ccc")]
    [InlineData("en-toolongsubtag")]
    [InlineData("en-US\n")]
    [InlineData("<script>")]
    [InlineData("e\u212An")] // the Kelvin sign, which case-insensitive matching would take for a k
    [InlineData("en-aaaaaaaa-bbbbbbbb-cccccccc-dddddddd")] // well formed but longer than 35 characters
    public void anything_else_is_refused(string tag) => Assert.Null(LanguageTags.Normalise(tag));

    [Fact]
    public void no_tag_is_refused() => Assert.Null(LanguageTags.Normalise(null));
}
