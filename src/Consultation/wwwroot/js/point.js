// Keeps an action point's page live. The page is complete without this module; with it, the page follows the
// consultation's public stream and, when a change touches this point (its text, endorsements, amendments) or its
// published inputs, fetches the page again and redraws the parts that changed, leaving alone any part being worked
// on (focus inside, text typed, a problem shown). A polite live region says what changed.
const anchor = document.getElementById('point-live');
const live = globalThis.consultationLive;
if (anchor && live) start(anchor, live);

function start(anchor, live) {
  const labels = JSON.parse(anchor.dataset.labels);
  const pointId = anchor.dataset.pointId;
  const numbers = new Intl.NumberFormat(document.documentElement.lang);
  const touchesThisPage = (change) =>
    change.actionPointId === pointId ||
    change.type === 'submission_published' || change.type === 'submission_hidden' || change.type === 'consultation_phase_changed' ||
    change.type === 'reply_published' || change.type === 'reply_hidden';

  const refresh = live.debounced(async () => {
    const page = await live.fetchDocument(address());
    if (page) redraw(page);
  });

  live.follow({
    root: anchor,
    hub: anchor.dataset.hub,
    labels,
    status: document.getElementById('live-status'),
    announcer: document.getElementById('live-announcer'),
    join: (connection, since) => connection.invoke('JoinConsultation', anchor.dataset.consultationId, since),
    apply: ({ changes }) => {
      if (changes.some(touchesThisPage)) refresh();
    },
  });

  /** This page's address as a GET gives it (a refused form's page is the page of the form's handler). */
  function address() {
    const url = new URL(location.href);
    url.searchParams.delete('handler');
    url.hash = '';
    return url.toString();
  }

  function redraw(page) {
    const before = summary(document);
    const active = document.activeElement;
    for (const part of document.querySelectorAll('[data-live-part]')) {
      const fresh = page.querySelector(`[data-live-part="${part.dataset.livePart}"]`);
      if (!fresh || fresh.isEqualNode(part) || live.busy(part) || part.querySelector('#problem')) continue;
      part.replaceWith(document.importNode(fresh, true));
    }
    if (active && active.isConnected && document.activeElement !== active) active.focus();

    const after = summary(document);
    behind(after.version);
    if (after.version !== before.version || after.endorsements !== before.endorsements) {
      document.getElementById('live-announcer').textContent = labels.announce
        .replace('{number}', anchor.dataset.number)
        .replace('{version}', numbers.format(after.version))
        .replace('{count}', numbers.format(after.endorsements));
    }
  }

  function summary(doc) {
    const part = doc.querySelector('[data-live-part="summary"]');
    return { version: Number(part?.dataset.version), endorsements: Number(part?.dataset.endorsements) };
  }

  /** The amendment being written stays against the version it started from; say so when the point moves on. */
  function behind(version) {
    const note = document.querySelector('[data-field="propose-behind"]');
    const base = Number(document.querySelector('#propose ~ form input[name=baseVersion]')?.value);
    if (!note || !base) return;
    note.hidden = version === base;
    note.textContent = version === base ? '' : labels.behind.replace('{version}', numbers.format(version)).replace('{base}', numbers.format(base));
  }
}
