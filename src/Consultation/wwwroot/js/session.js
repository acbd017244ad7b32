// The room of a live session, live (on live.js). The page is complete without it. With it: the page joins the
// session's stream (JoinSession) from the position it was rendered at; on each change it fetches the room again and
// redraws the parts (data-live-part) nobody is working in, announcing politely what changed; and it counts the
// speaker's time down LOCALLY to the deadline the server sent (floor given at T for S seconds: ends at T+S), with the
// offset between the server's clock and this one measured from the page. No polling, no tick messages: the only
// timer is this screen's own. Past the deadline it shows "time exceeded" (a notice, never a cut-off).
(() => {
  'use strict';

  const root = document.getElementById('room');
  if (!root || !globalThis.consultationLive) return;
  const live = globalThis.consultationLive;
  const labels = JSON.parse(root.dataset.labels || '{}');
  const sessionId = root.dataset.sessionId;
  const announcer = document.getElementById('live-announcer');
  let offset = 0; // server clock minus this clock, in ms
  let announcedExceeded = null;
  let wasNext = isNext(document);

  function isNext(doc) {
    const place = doc.querySelector('#mine [data-my-place="1"]');
    const current = doc.querySelector('#agenda li.current');
    return Boolean(place && current);
  }

  function format(ms) {
    const total = Math.max(0, Math.round(Math.abs(ms) / 1000));
    const m = Math.floor(total / 60);
    const s = String(total % 60).padStart(2, '0');
    return `${ms < 0 ? '+' : ''}${m}:${s}`;
  }

  function tick() {
    const clock = root.querySelector('[data-ends-at]');
    if (!clock) return;
    const left = Number(clock.dataset.endsAt) - (Date.now() + offset);
    const countdown = root.querySelector('[data-countdown]');
    if (countdown) countdown.textContent = left >= 0 ? `${labels.left} ${format(left)}` : format(left);
    const exceeded = root.querySelector('[data-exceeded]');
    if (exceeded) exceeded.hidden = left >= 0;
    const floor = root.querySelector('[data-floor]')?.dataset.floor;
    if (left < 0 && floor && announcedExceeded !== floor) {
      announcedExceeded = floor;
      say(labels.exceeded);
    }
  }

  function measureOffset(doc) {
    const clock = doc.querySelector('[data-server-now]');
    if (clock) offset = Number(clock.dataset.serverNow) - Date.now();
  }

  function say(text) {
    if (announcer && text) announcer.textContent = text;
  }

  const redraw = live.debounced(async () => {
    const doc = await live.fetchDocument(`/sessions/${sessionId}`);
    if (!doc) return;
    measureOffset(doc);
    for (const part of root.querySelectorAll('[data-live-part]')) {
      if (live.busy(part)) continue;
      const fresh = doc.querySelector(`[data-live-part="${part.dataset.livePart}"]`);
      if (fresh) part.replaceWith(document.importNode(fresh, true));
    }
    const next = isNext(document);
    const floor = document.querySelector('.floor-speaker');
    if (next && !wasNext) say(labels.next);
    else if (floor) say(`${floor.textContent.trim()}. ${document.querySelector('[data-field="remaining"]')?.textContent.trim() ?? ''}`);
    else say(labels.updated);
    wasNext = next;
    tick();
  });

  measureOffset(document);
  tick();
  setInterval(tick, 1000);

  live.follow({
    root,
    hub: root.dataset.hub,
    join: (connection, since) => connection.invoke('JoinSession', sessionId, since),
    apply: ({ changes }) => {
      if (changes.length > 0) redraw();
    },
    labels,
    status: document.getElementById('live-status'),
    announcer,
  });
})();
