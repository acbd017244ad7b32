// Keeps a consultation's board live. The page is complete without this module; with it, the board joins the
// consultation's public stream on the SignalR hub and redraws, in place, the action points that change; a polite
// live region says what changed, a visible notice says when the connection is lost, and on reconnecting the board
// asks for what it missed since the last change it saw.
const board = document.getElementById('board');
const signalR = globalThis.signalR;
if (board && signalR) start(board, signalR);

function start(board, signalR) {
  const consultationId = board.dataset.consultationId;
  const labels = JSON.parse(board.dataset.labels);
  const status = document.getElementById('live-status');
  const announcer = document.getElementById('live-announcer');
  const numbers = new Intl.NumberFormat(document.documentElement.lang);
  // The last change seen (the page was rendered after it), and per point the change its drawing reflects.
  let position = Number(board.dataset.position) || 0;
  const drawnAt = new Map();
  // What one batch of changes gives to say, said at once.
  let said = [];

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(board.dataset.hub)
    // Never give up: quick at first, then every 10 seconds.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (retry) => Math.min(500 * 2 ** retry.previousRetryCount, 10000) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  connection.on('changes', (batch) => apply(batch.changes, batch.boardEntries));
  connection.onreconnecting(() => notice(labels.disconnected));
  connection.onreconnected(async () => {
    if (await join()) {
      notice(null);
      announce(labels.reconnected);
    }
  });
  connection.onclose(() => {
    notice(labels.disconnected);
    setTimeout(connect, 5000);
  });
  // The browser often knows first: say so at once, and once back, catch up (the connection may have survived).
  addEventListener('offline', () => notice(labels.disconnected));
  addEventListener('online', async () => {
    if (connection.state !== signalR.HubConnectionState.Connected) return;
    try {
      if (await join()) notice(null);
    } catch {
      // The connection's own reconnection takes over.
    }
  });
  connect();

  async function connect() {
    try {
      await connection.start();
      if (await join()) notice(null);
    } catch {
      notice(labels.disconnected);
      setTimeout(connect, 5000);
    }
  }

  /** Joins (or joins again) from the last change seen; false when too much was missed and the page must reload. */
  async function join() {
    const result = await connection.invoke('JoinConsultation', consultationId, position);
    if (result.reload) {
      notice(labels.reload);
      return false;
    }
    apply(result.missed, result.boardEntries, result.position);
    return true;
  }

  function apply(changes, entries, upTo) {
    said = [];
    let last = upTo ?? 0;
    for (const change of changes ?? []) {
      last = Math.max(last, change.position);
      if (change.position <= position) continue;
      if (change.type === 'consultation_phase_changed' && change.data?.to) phase(change.data.to);
    }
    for (const entry of entries ?? []) {
      if ((drawnAt.get(entry.id) ?? 0) > last) continue; // a later push already drew it
      drawnAt.set(entry.id, last);
      draw(entry);
    }
    position = Math.max(position, last);
    if (said.length > 0) announce(said.join(' '));
  }

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

  function notice(text) {
    // data-live says how the board stands (connected, or not) to styles and to tests.
    board.dataset.live = text ? (text === labels.reload ? 'reload' : 'disconnected') : 'connected';
    status.hidden = !text;
    status.textContent = text ?? '';
  }

  function announce(text) {
    announcer.textContent = text;
  }
}
