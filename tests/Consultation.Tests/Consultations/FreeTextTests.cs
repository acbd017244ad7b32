using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Tests.Consultations;

public class FreeTextTests
{
    [Theory]
    [InlineData("\u200B")]
    [InlineData("\uFEFF")]
    [InlineData("\u200B\u200C\u200D\u2060 \uFEFF")]
    [InlineData("\u3164")]
    [InlineData("  \t\n")]
    [InlineData("")]
    public void text_of_only_invisible_characters_is_blank(string text)
    {
        Assert.True(FreeText.IsBlank(text));
        Assert.Null(FreeText.Clean(text));
        var errors = new List<(string, string)>();
        FreeText.Check(errors, "title", text, 300, required: true);
        Assert.Equal("title", Assert.Single(errors).Item1);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("\u200Bx\u200B")]
    [InlineData("مرحبا")]
    public void text_with_a_visible_character_is_not_blank(string text) => Assert.False(FreeText.IsBlank(text));

    [Fact]
    public void text_is_stored_in_normal_form_c()
    {
        var decomposed = "Cafe\u0301 de l'e\u0301cole";
        Assert.Equal("Café de l'école", FreeText.Normalise(decomposed));
        var composed = "Café";
        Assert.Same(composed, FreeText.Normalise(composed));
    }

    [Theory]
    [InlineData("name", "a\u0000b")]
    [InlineData("reason", "a\u0007b")]
    [InlineData("body", "a\u001Bb")]
    public void control_characters_are_refused_naming_the_field(string field, string text) =>
        Assert.Contains(field, FreeText.Problem(field, text));

    [Fact]
    public void tab_and_line_breaks_are_allowed() => Assert.Null(FreeText.Problem("body", "a\tb\r\nc"));

    [Fact]
    public void every_field_has_a_maximum_length()
    {
        Assert.NotNull(FreeText.Problem("kind", new string('x', FreeText.MaxShortLength + 1)));
        Assert.NotNull(FreeText.Problem("organisationName", new string('x', FreeText.MaxShortLength + 1)));
        Assert.NotNull(FreeText.Problem("reservation", new string('x', FreeText.MaxDefaultLength + 1)));
        Assert.Null(FreeText.Problem("reservation", new string('x', FreeText.MaxDefaultLength)));
        Assert.NotNull(FreeText.Problem("body", new string('x', FreeText.MaxLongTextLength + 1)));
        Assert.Null(FreeText.Problem("body", new string('x', FreeText.MaxLongTextLength)));
    }

    [Theory]
    [InlineData("name", "\u202EevilName")] // an override in a name: refused even when closed
    [InlineData("name", "\u2067Name\u2069")]
    [InlineData("email", "a\u202E@example.org")]
    [InlineData("body", "text \u202E reversed to the end")] // unbalanced in a long text
    [InlineData("body", "closed \u2069 without an opening")]
    public void bidirectional_controls_are_refused_in_names_and_when_unbalanced(string field, string text) =>
        Assert.NotNull(FreeText.Problem(field, text));

    [Theory]
    [InlineData("body", "a quote \u2067مرحبا\u2069 isolated")] // balanced isolates in a text
    [InlineData("name", "\u200Fمرحبا\u200E")] // the implicit marks, in a name
    public void balanced_bidirectional_controls_in_texts_and_marks_are_allowed(string field, string text) =>
        Assert.Null(FreeText.Problem(field, text));
}
