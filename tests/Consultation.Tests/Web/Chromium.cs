using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(ConsultationPlatform.Tests.Web.Chromium))]

namespace ConsultationPlatform.Tests.Web;

/// <summary>
/// Debian's Chromium, driven by Playwright (never `playwright install`: the browser is the system's). One browser for
/// the whole run (each page gets a context of its own), launched when a test first needs it: its absence fails only
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
    private IBrowser? _browser;
    private readonly SemaphoreSlim _launch = new(1, 1);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private async Task<IBrowser> Browser()
    {
        await _launch.WaitAsync();
        try
        {
            return _browser ??= await Launch();
        }
        finally
        {
            _launch.Release();
        }
    }

    private async Task<IBrowser> Launch()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ExecutablePath}, and it is not there. Install it: apt-get install chromium " +
                "(or set CHROMIUM_PATH to a Chromium executable).");
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>A page in a browser context of its own (its own cookies), recording the errors the page reports.</summary>
    public async Task<BrowserPage> NewPage(Uri baseAddress, bool javaScript = true, string? storageState = null)
    {
        var context = await (await Browser()).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            JavaScriptEnabled = javaScript,
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            StorageState = storageState,
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

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Uri, string), string> _signedIn = new();

    /// <summary>
    /// A page signed in as the account: the sign-in form is filled once per account and run, and later pages start
    /// from the cookies it gave (tests of sign-in itself sign in on their own pages).
    /// </summary>
    public async Task<BrowserPage> SignedInPage(Uri baseAddress, string email)
    {
        if (!_signedIn.TryGetValue((baseAddress, email), out var state))
        {
            await using var first = await NewPage(baseAddress);
            await first.Page.SignIn(email, "/account");
            state = await first.Context.StorageStateAsync();
            _signedIn[(baseAddress, email)] = state;
        }

        return await NewPage(baseAddress, storageState: state);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>A page and its own browser context; <see cref="Errors"/> holds console errors (a CSP refusal among them).</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context => context;
    public IPage Page => page;
    public List<string> Errors { get; } = [];

    /// <summary>No error reported, except (when given) the status the page itself was answered with, which Chromium reports as one.</summary>
    public void AssertNoErrors(int? documentStatus = null)
    {
        var errors = Errors.Where(e => documentStatus is not { } status
            || e != $"Failed to load resource: the server responded with a status of {status} ({ReasonPhrase(status)})").ToList();
        Assert.True(errors.Count == 0, $"The page reported errors:\n{string.Join("\n", errors)}");
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    public ValueTask DisposeAsync() => new(context.CloseAsync());
}
