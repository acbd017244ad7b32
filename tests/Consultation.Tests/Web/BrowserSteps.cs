using ConsultationPlatform.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>What the browser tests do again and again: sign in, tab to an element, wait for a form's redirect, run axe.</summary>
public static class BrowserSteps
{
    public static async Task SignIn(this IPage page, string email, string returnUrl)
    {
        await page.GotoAsync($"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(TestAccounts.Password);
        await page.Navigates(() => page.Locator("main button[type=submit]").ClickAsync(), "**" + returnUrl.Split('#')[0],
            async () => $"Signing in as {email} did not lead to {returnUrl}: the page is {page.Url}, saying {await page.Locator("main").TextContentAsync()}");
    }

    /// <summary>
    /// Tabs to a link, presses Enter and waits until the browser has committed the navigation to <paramref name="urlGlob"/>
    /// (not its load event: a page's load is not what a keyboard user waits for, and it is the part a busy machine slows
    /// down). When the browser did not go there, the failure says where the page and the focus were.
    /// </summary>
    public static async Task FollowWithKeyboard(this IPage page, string linkSelector, string urlGlob)
    {
        await page.TabTo(linkSelector);
        await page.Navigates(() => page.Keyboard.PressAsync("Enter"), urlGlob, async () =>
            $"Enter on {linkSelector} did not lead to {urlGlob}: the page is {page.Url}, the focus on " +
            await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML ?? 'nothing'"));
    }

    /// <summary>
    /// Does what leads elsewhere (a click, a key) and waits until the browser has committed the navigation to
    /// <paramref name="urlGlob"/>, then for the new page's DOM. The wait starts before the action: one started after it
    /// can miss a navigation that committed in between (seen on a loaded machine: the page was there, and the wait ran
    /// out). A page already where the action led is accepted; anything else fails with <paramref name="failure"/>.
    /// </summary>
    private static async Task Navigates(this IPage page, Func<Task> action, string urlGlob, Func<Task<string>> failure)
    {
        try
        {
            var navigated = page.WaitForURLAsync(urlGlob, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60000 });
            await action();
            await navigated;
        }
        catch (TimeoutException) when (Matches(page.Url, urlGlob))
        {
            // The browser is where the action led: the navigation's event was missed, not the navigation.
        }
        catch (TimeoutException)
        {
            Assert.Fail(await failure());
        }

        try
        {
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new PageWaitForLoadStateOptions { Timeout = 60000 });
        }
        catch (TimeoutException)
        {
            // CI once saw this wait run out at a run's busy start although the page had loaded ("Load" and
            // "NetworkIdle" fired): the document being parsed is what the steps after need; fail only if it is not.
            Assert.NotEqual("loading", await page.EvaluateAsync<string>("() => document.readyState"));
        }
    }

    /// <summary>Whether a URL matches a glob of the form used here ("**/path**": the path, anywhere).</summary>
    private static bool Matches(string url, string glob) =>
        System.Text.RegularExpressions.Regex.IsMatch(url,
            "^" + System.Text.RegularExpressions.Regex.Escape(glob).Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*") + "$");

    /// <summary>Presses Tab until the element is focused: it is reachable by keyboard, in the page's focus order.</summary>
    public static async Task TabTo(this IPage page, string selector, int atMost = 120)
    {
        for (var i = 0; i < atMost; i++)
        {
            if (await page.EvaluateAsync<bool>("sel => document.activeElement?.matches(sel) === true", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"{selector} cannot be reached with the Tab key.");
    }

    /// <summary>Waits for the redirect that says the form was accepted, or fails with the problem the page shows.</summary>
    public static async Task Done(this IPage page, string done)
    {
        try
        {
            await page.WaitForURLAsync($"**done={done}**", new PageWaitForURLOptions { Timeout = 20000 });
        }
        catch (TimeoutException)
        {
            var problem = await page.Locator("#problem").AllTextContentsAsync();
            Assert.Fail($"The form was refused: {string.Join(" ", problem)}");
        }
    }

    public static async Task AssertNoAxeViolations(this IPage page)
    {
        // Bounded: axe-core runs as a script in the page, and a page that cannot run it (scripts off, a page gone)
        // would otherwise keep the whole run waiting for an answer that never comes.
        var results = await page.RunAxe().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(results.Violations.Length == 0, Describe(results.Violations));
    }

    public static string Describe(IEnumerable<AxeResultItem> violations) =>
        "axe-core found:\n" + string.Join("\n", violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n" + string.Join("\n", v.Nodes.Select(n => $"    {n.Target}: {n.Html}"))));

    /// <summary>Saves a screenshot under SCREENSHOTS when set (for people to look at; nothing is asserted on it).</summary>
    public static async Task Screenshot(this IPage page, string name, string? part = null)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        if (part is not null)
        {
            await page.Locator(part).First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
            return;
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        // The first screenful at full size, to read it.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + "-top.png") });
    }
}
