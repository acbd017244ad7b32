// The scheduled end of a phase, in the reader's own time zone, with the time left (updated every minute). The server
// writes it in UTC inside <time datetime="…Z" data-deadline>, so the page reads without this script.
const lang = document.documentElement.lang || undefined;

function timeLeft(ms) {
    const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    const minutes = Math.round(ms / 60000);
    if (Math.abs(minutes) < 60) return rtf.format(minutes, "minute");
    const hours = Math.round(minutes / 60);
    if (Math.abs(hours) < 48) return rtf.format(hours, "hour");
    return rtf.format(Math.round(hours / 24), "day");
}

function localise() {
    for (const time of document.querySelectorAll("time[data-deadline]")) {
        const at = new Date(time.getAttribute("datetime"));
        if (Number.isNaN(at.getTime())) continue;
        time.textContent = new Intl.DateTimeFormat(lang, {
            weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short",
        }).format(at);
        const left = time.parentElement?.querySelector("[data-time-left]");
        if (left) left.textContent = ` (${timeLeft(at.getTime() - Date.now())})`;
    }
}

localise();
setInterval(localise, 60000);
