using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Tests.Submissions;

public class MarkdownRenderingTests
{
    [Fact]
    public void a_script_tag_is_shown_as_text_and_never_runs()
    {
        var html = MarkdownRendering.ToHtml("<script>alert(1)</script>");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void a_javascript_link_is_plain_text()
    {
        var html = MarkdownRendering.ToHtml("See [the *text*](javascript:alert(1)) here.");
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", html);
        Assert.DoesNotContain("<a", html);
        Assert.Equal("<p>See the <em>text</em> here.</p>", html);
    }

    [Theory]
    [InlineData("[x](JavaScript:alert(1))")]
    [InlineData("[x](  javascript:alert(1) )")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x][r]\n\n[r]: javascript:alert(1)")]
    public void no_link_to_a_script_or_data_scheme_survives(string markdown)
    {
        var html = MarkdownRendering.ToHtml(markdown);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"vbscript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", html);
    }

    [Fact]
    public void an_image_with_an_event_handler_is_shown_as_text()
    {
        var html = MarkdownRendering.ToHtml("<img src=x onerror=alert(1)>");
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }

    [Theory]
    [InlineData("<a href=\"https://example.org\" onclick=\"alert(1)\">x</a>")]
    [InlineData("<p onmouseover=\"alert(1)\">x</p>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<iframe src=\"javascript:alert(1)\"></iframe>")]
    public void raw_html_of_any_kind_is_escaped(string markdown)
    {
        var html = MarkdownRendering.ToHtml(markdown);
        // One paragraph of text: the typed markup is inside it as characters, never as elements or attributes.
        Assert.StartsWith("<p>&lt;", html);
        Assert.EndsWith("</p>", html);
        Assert.DoesNotContain('<', html["<p>".Length..^"</p>".Length]);
    }

    [Fact]
    public void a_markdown_image_renders_no_image()
    {
        var html = MarkdownRendering.ToHtml("![a tracking pixel](https://tracker.example/p.gif)");
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("tracker.example", html);
    }

    [Fact]
    public void the_sanitizer_alone_removes_what_markdig_would_let_through()
    {
        var html = MarkdownRendering.Sanitize(
            "<p onclick=\"alert(1)\">a</p><script>alert(1)</script><a href=\"javascript:alert(1)\">b</a><img src=x onerror=alert(1)>");
        Assert.DoesNotContain("onclick", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("onerror", html);
        Assert.DoesNotContain("<img", html);
    }

    [Fact]
    public void ordinary_markdown_renders_with_safe_links()
    {
        var html = MarkdownRendering.ToHtml(
            "## Remittances\n\nLower the **cost** of *remittances*, see [the report](https://www.un.org/report).\n\n- one\n- two\n\n> quoted");
        Assert.Contains("<h2>Remittances</h2>", html);
        Assert.Contains("<strong>cost</strong>", html);
        Assert.Contains("<em>remittances</em>", html);
        Assert.Contains("<a href=\"https://www.un.org/report\" rel=\"nofollow ugc noopener noreferrer\">the report</a>", html);
        Assert.Contains("<li>one</li>", html);
        Assert.Contains("<blockquote>", html);
    }

    [Fact]
    public void a_mailto_link_is_kept()
    {
        var html = MarkdownRendering.ToHtml("[write](mailto:secretariat@example.org)");
        Assert.Contains("href=\"mailto:secretariat@example.org\"", html);
    }
}
