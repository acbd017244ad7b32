using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>
/// Debian's Chromium, driven by Playwright (never `playwright install`: the browser is the system's). Its absence fails
/// the tests that need it, with what to install; set CHROMIUM_PATH to use another Chromium.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ExecutablePath}, and it is not there. Install it: apt-get install chromium " +
                "(or set CHROMIUM_PATH to a Chromium executable).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>A page in a browser context of its own (its own cookies), recording the errors the page reports.</summary>
    public async Task<BrowserPage> NewPage(Uri baseAddress, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            JavaScriptEnabled = javaScript,
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var result = new BrowserPage(context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") result.Errors.Add(message.Text);
        };
        page.PageError += (_, error) => result.Errors.Add(error);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>A page and its own browser context; <see cref="Errors"/> holds console errors (a CSP refusal among them).</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context => context;
    public IPage Page => page;
    public List<string> Errors { get; } = [];

    public void AssertNoErrors() =>
        Assert.True(Errors.Count == 0, $"The page reported errors:\n{string.Join("\n", Errors)}");

    public ValueTask DisposeAsync() => new(context.CloseAsync());
}
