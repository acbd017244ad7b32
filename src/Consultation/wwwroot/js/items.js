// Keeps "my items" live. The page is complete without this module; with it, the page follows the signed-in person's
// own-items stream (their inputs received, published, rejected or hidden; their amendments decided; their
// accreditation requests) and, on each change, fetches the page again and redraws the list of items, keeping the
// focus where it was, and a polite live region says so.
const anchor = document.getElementById('items-live');
const live = globalThis.consultationLive;
if (anchor && live) start(anchor, live);

function start(anchor, live) {
  const labels = JSON.parse(anchor.dataset.labels);
  const announcer = document.getElementById('live-announcer');
  const refresh = live.debounced(async () => {
    const page = await live.fetchDocument(location.pathname + location.search);
    if (page) redraw(page);
  });

  let joinedOnce = false;

  live.follow({
    root: anchor,
    hub: anchor.dataset.hub,
    labels,
    status: document.getElementById('live-status'),
    announcer,
    join: (connection, since) => connection.invoke('JoinOwnItems', since),
    apply: ({ changes, joined }) => {
      // On joining again after a lost connection, always: the page may have missed what the stream replays.
      if (changes.length > 0 || (joined && joinedOnce)) refresh();
      if (joined) joinedOnce = true;
    },
  });

  function redraw(page) {
    const part = document.querySelector('[data-live-part="items"]');
    const fresh = page.querySelector('[data-live-part="items"]');
    if (!part || !fresh || fresh.isEqualNode(part)) return;
    // The page holds links only: the one in focus is found again by its address.
    const focused = part.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
    part.replaceWith(document.importNode(fresh, true));
    if (focused) document.querySelector(`[data-live-part="items"] a[href="${CSS.escape(focused)}"]`)?.focus();
    announcer.textContent = labels.announce;
  }
}
