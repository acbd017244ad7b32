// Keeps a consultation's board live. The page is complete without this module; with it, the board follows the
// consultation's public stream (through live.js, which also says when the connection is lost and catches up on
// reconnecting) and redraws, in place, the action points that change; a polite live region says what changed.
const board = document.getElementById('board');
const live = globalThis.consultationLive;
if (board && live) start(board, live);

function start(board, live) {
  const labels = JSON.parse(board.dataset.labels);
  const announcer = document.getElementById('live-announcer');
  const numbers = new Intl.NumberFormat(document.documentElement.lang);
  // Per point, the change its drawing reflects.
  const drawnAt = new Map();
  // What one batch of changes gives to say, said at once.
  let said = [];

  // The connection, the catch-up on reconnecting and the notices are live.js's, shared with the other pages.
  live.follow({
    root: board,
    hub: board.dataset.hub,
    labels,
    status: document.getElementById('live-status'),
    announcer,
    join: (connection, since) => connection.invoke('JoinConsultation', board.dataset.consultationId, since),
    apply: ({ changes, payload }) => {
      said = [];
      const last = Math.max(payload.position ?? 0, ...(payload.changes ?? payload.missed ?? []).map((c) => c.position));
      for (const change of changes) {
        if (change.type === 'consultation_phase_changed' && change.data?.to) phase(change.data.to);
        // A point added to the text, or taken out of it (deleted, merged into another): the list itself changes.
        if (change.type === 'action_point_withdrawn' || (change.type === 'action_point_tabled' && !article(change.actionPointId))) restructure();
      }
      for (const entry of payload.boardEntries ?? []) {
        if ((drawnAt.get(entry.id) ?? 0) > last) continue; // a later push already drew it
        drawnAt.set(entry.id, last);
        if (!article(entry.id)) restructure();
        else draw(entry);
      }
      if (said.length > 0 && announcer) announcer.textContent = said.join(' ');
    },
  });

  function article(id) {
    return id ? board.querySelector(`[data-point-id="${id}"]`) : null;
  }

  // The points in the text and the ones taken out of it, as the server draws them now (the page, fetched): points
  // added are put in, in the server's order; points gone are taken out, and the list of withdrawn points replaced.
  const restructure = live.debounced(async () => {
    const page = await live.fetchDocument(location.pathname + location.search);
    const fresh = page?.getElementById('board');
    if (!fresh) return;
    const spoken = [];
    const wanted = [...fresh.querySelectorAll('article[data-point-id]')];
    const ids = new Set(wanted.map((a) => a.dataset.pointId));
    for (const gone of [...board.querySelectorAll('article[data-point-id]')]) {
      if (ids.has(gone.dataset.pointId)) continue;
      gone.remove();
      drawnAt.delete(gone.dataset.pointId);
    }
    let previous = board.querySelector('#points-heading');
    for (const entry of wanted) {
      let here = article(entry.dataset.pointId);
      if (!here) {
        here = document.importNode(entry, true);
        here.classList.add('changed');
        setTimeout(() => here.classList.remove('changed'), 1500);
        spoken.push(here.querySelector('h3')?.textContent?.trim() ?? '');
      }
      if (previous.nextElementSibling !== here) previous.after(here);
      previous = here;
    }
    const withdrawn = page.querySelector('.withdrawn-points');
    const shown = document.querySelector('.withdrawn-points');
    const before = new Set([...(shown?.querySelectorAll('li[id]') ?? [])].map((li) => li.id));
    for (const li of withdrawn?.querySelectorAll('li[id]') ?? []) {
      if (!before.has(li.id)) spoken.push(li.querySelector('p')?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
    }
    if (withdrawn) {
      const copy = document.importNode(withdrawn, true);
      if (shown) shown.replaceWith(copy);
      else board.after(copy);
    } else shown?.remove();
    const text = spoken.filter((x) => x).join(' ');
    if (text && announcer) announcer.textContent = text;
  });

  function phase(to) {
    const label = labels.phases[to];
    const field = document.querySelector('[data-field="phase"]');
    if (!label || !field || field.textContent === label) return;
    field.textContent = label;
    field.className = `phase phase-${to.toLowerCase()}`;
    document.querySelector('[data-field="phase-help"]')?.setAttribute('hidden', '');
    said.push(labels.announcePhase.replace('{phase}', label));
  }

  function draw(entry) {
    const article = board.querySelector(`[data-point-id="${entry.id}"]`);
    if (!article) return;
    const field = (name) => article.querySelector(`[data-field="${name}"]`);
    const tally = entry.endorsements;
    const before = field('current').textContent + '|' + field('version').textContent + '|' + field('text').textContent;

    // The text travels only when it changed.
    if (entry.text != null) field('text').textContent = entry.text;
    field('version').textContent = labels.version.replace('{0}', numbers.format(entry.version));
    field('current').textContent = numbers.format(tally.ofCurrentVersion);
    field('reservations').textContent = numbers.format(tally.withReservation);
    field('earlier').textContent = numbers.format(tally.ofEarlierVersions);
    groups(field('current-groups'), tally.currentByGroup, labels.noEndorsements);
    groups(field('earlier-groups'), tally.earlierByGroup, null);
    field('earlier-block').hidden = tally.ofEarlierVersions === 0;
    // The other stakeholders' positions travel only when a change touched them.
    if (entry.positions && field('positions-support')) {
      field('positions-support').textContent = numbers.format(entry.positions.support);
      field('positions-reservation').textContent = numbers.format(entry.positions.supportWithReservation);
      field('positions-cannot').textContent = numbers.format(entry.positions.cannotSupport);
    }

    const after = field('current').textContent + '|' + field('version').textContent + '|' + field('text').textContent;
    if (before === after) return;
    article.classList.add('changed');
    setTimeout(() => article.classList.remove('changed'), 1500);
    said.push(labels.announceEntry
      .replace('{number}', article.dataset.number)
      .replace('{count}', numbers.format(tally.ofCurrentVersion))
      .replace('{version}', numbers.format(entry.version)));
  }

  function groups(list, counts, empty) {
    const items = [];
    for (const [key, name] of Object.entries(labels.groups)) {
      const count = counts?.[key] ?? counts?.[key[0].toUpperCase() + key.slice(1)];
      if (!count) continue;
      const item = document.createElement('li');
      const strong = document.createElement('strong');
      strong.textContent = numbers.format(count);
      item.append(name + labels.colon, strong);
      items.push(item);
    }
    if (items.length === 0 && empty) {
      const item = document.createElement('li');
      item.className = 'muted';
      item.textContent = empty;
      items.push(item);
    }
    list.replaceChildren(...items);
  }
}
