// Keeps the moderators' console live. The console is complete without this module; with it, the console follows the
// consultation's moderation stream: each batch carries the moderation queue as it stands, from which the queue is
// redrawn in place (items decided elsewhere leave, counts change, a polite live region says so); items new to the
// page, and the phase and audit log, come from a fresh copy of the console's live parts, merged without disturbing
// what a moderator is typing.
const root = document.getElementById('console');
const live = globalThis.consultationLive;
if (root && live) start(root, live);

function start(root, live) {
  const labels = JSON.parse(root.dataset.labels);
  const numbers = new Intl.NumberFormat(document.documentElement.lang);
  const announcer = document.getElementById('live-announcer');
  // Each part of the queue: how its items are known, and what of them the page shows that can change.
  const parts = {
    pendingInputs: { id: (i) => i.id, stamp: () => '' },
    flaggedInputs: { id: (i) => i.id, stamp: (i) => String(i.flags) },
    amendmentsAwaitingDecision: { id: (i) => i.id, stamp: (i) => `${i.baseVersion}:${i.coSponsors}` },
    accreditationRequests: { id: (i) => i.organisationId, stamp: () => '' },
  };
  const refresh = live.debounced(async () => {
    const fragment = await live.fetchDocument(root.dataset.fragment);
    if (fragment) merge(fragment);
  });
  let joinedOnce = false;
  // The counts last said (or shown when the page was drawn): a change is announced once.
  let said = counts();

  live.follow({
    root,
    hub: root.dataset.hub,
    labels,
    status: document.getElementById('live-status'),
    announcer,
    join: (connection, since) => connection.invoke('JoinModeration', root.dataset.consultationId, since),
    apply: ({ changes, payload, joined }) => {
      const incomplete = payload.moderationQueue ? redraw(payload.moderationQueue) : false;
      // On reconnecting, always: what was missed may have changed the phase or the log, not only the queue.
      if (incomplete || changes.length > 0 || (joined && joinedOnce)) refresh();
      if (joined) joinedOnce = true;
    },
  });

  /** Redraws the queue from the pushed queue; true when items are missing or changed (their markup comes from the server). */
  function redraw(queue) {
    const sizes = {};
    let incomplete = false;
    let lostWork = null;
    for (const [name, part] of Object.entries(parts)) {
      const list = root.querySelector(`[data-queue="${name}"]`);
      if (!list) continue;
      const wanted = new Map((queue[name] ?? []).map((item) => [part.id(item), part.stamp(item)]));
      for (const item of [...list.children]) {
        if (!wanted.has(item.dataset.itemId)) {
          if (item.contains(document.activeElement)) lostWork = list;
          item.remove();
        } else if (item.dataset.stamp !== wanted.get(item.dataset.itemId)) {
          incomplete = true;
        }
      }
      for (const id of wanted.keys())
        if (!list.querySelector(`[data-item-id="${CSS.escape(id)}"]`)) incomplete = true;
      count(name, wanted.size);
      sizes[name] = wanted.size;
    }
    if (lostWork) focusSectionOf(lostWork);
    say(sizes, lostWork !== null);
    return incomplete;
  }

  /** Merges a fresh copy of the live parts: new and changed items in, decided ones out, busy ones kept as they are. */
  function merge(fragment) {
    const active = document.activeElement;
    const selection = active && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
    let lostWork = null;
    for (const list of root.querySelectorAll('[data-queue]')) {
      const fresh = fragment.querySelector(`[data-queue="${list.dataset.queue}"]`);
      if (!fresh) continue;
      const items = [...fresh.children].map((item) => {
        const mine = list.querySelector(`[data-item-id="${CSS.escape(item.dataset.itemId)}"]`);
        return mine && (mine.dataset.stamp === item.dataset.stamp || live.busy(mine)) ? mine : document.importNode(item, true);
      });
      for (const item of list.children) if (!items.includes(item) && item.contains(active)) lostWork = list;
      list.replaceChildren(...items);
      count(list.dataset.queue, items.length);
    }
    for (const part of root.querySelectorAll('[data-live-part]')) {
      if (part.dataset.livePart === 'audit' && root.dataset.auditLive !== 'true') continue;
      const fresh = fragment.querySelector(`[data-live-part="${part.dataset.livePart}"]`);
      if (fresh && !live.busy(part)) part.replaceWith(document.importNode(fresh, true));
    }
    // Moving a node takes the focus away from it: give it back, with the caret where it was.
    if (active && active.isConnected && document.activeElement !== active) {
      active.focus();
      if (selection) active.setSelectionRange(...selection);
    }
    if (lostWork) focusSectionOf(lostWork);
    say(counts(), lostWork !== null);
  }

  function counts() {
    return Object.fromEntries(Object.keys(parts).map((name) => [name, root.querySelector(`[data-queue="${name}"]`)?.children.length ?? 0]));
  }

  function count(name, n) {
    for (const element of document.querySelectorAll(`[data-count="${name}"]`)) element.textContent = numbers.format(n);
    const empty = root.querySelector(`[data-empty="${name}"]`);
    if (empty) empty.hidden = n > 0;
  }

  /** The item being worked on was decided elsewhere and left: the focus goes to its section's heading, not to nowhere. */
  function focusSectionOf(list) {
    if (document.activeElement && document.activeElement !== document.body) return;
    const heading = list.closest('section')?.querySelector('h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }

  function say(after, lostWork) {
    const changed = Object.keys(parts).some((name) => after[name] !== undefined && after[name] !== said[name]);
    said = { ...said, ...after };
    const text = [];
    if (lostWork) text.push(labels.announceGone);
    if (changed)
      text.push(labels.announceQueue
        .replace('{pending}', numbers.format(said.pendingInputs))
        .replace('{flagged}', numbers.format(said.flaggedInputs))
        .replace('{amendments}', numbers.format(said.amendmentsAwaitingDecision))
        .replace('{accreditations}', numbers.format(said.accreditationRequests)));
    if (text.length > 0) announcer.textContent = text.join(' ');
  }
}
