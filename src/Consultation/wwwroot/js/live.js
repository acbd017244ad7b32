// The live connection the pages' modules share (board.js, point.js, console.js). A page is complete without it;
// with it, the page joins a stream of the consultation hub from the position it was rendered at, receives every
// later change in order, says visibly (role=status) when the connection is lost, and on reconnecting joins again
// from the last change it saw, so that it misses nothing. A classic script: it defines consultationLive.follow.
(() => {
  'use strict';

  /**
   * Follows a stream. root carries data-position (where the page was rendered) and receives data-live
   * (connected, disconnected, reload); join(connection, since) invokes the hub's join method; apply({ changes,
   * payload, joined }) receives the changes not seen yet and the batch or join result they came with.
   */
  function follow({ root, hub, join, apply, labels, status, announcer }) {
    const signalR = globalThis.signalR;
    if (!root || !signalR) return null;
    let position = Number(root.dataset.position) || 0;
    // Live batches that arrive while a join is in flight (often before its reply): held, then merged by position
    // with the changes the reply says were missed, so that neither is lost nor applied twice.
    let held = null;

    const connection = new signalR.HubConnectionBuilder()
      .withUrl(hub)
      // Never give up: quick at first, then every 10 seconds.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (retry) => Math.min(500 * 2 ** retry.previousRetryCount, 10000) })
      .configureLogging(signalR.LogLevel.Warning)
      .build();

    connection.on('changes', (batch) => {
      if (held) held.push(batch);
      // The batch says which change of the stream came before it: one newer than the last seen was never received
      // (a node died before pushing it, a message was lost). Join again from the last change seen, which brings it,
      // and this batch after it.
      else if (batch.previous != null && batch.previous > position) catchUp(batch);
      else deliver(batch.changes, batch, false);
    });
    connection.onreconnecting(() => notice(labels.disconnected));
    connection.onreconnected(async () => {
      if (await rejoin()) {
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
        if (await rejoin()) notice(null);
      } catch {
        // The connection's own reconnection takes over.
      }
    });
    connect();

    async function connect() {
      try {
        await connection.start();
        if (await rejoin()) notice(null);
      } catch {
        notice(labels.disconnected);
        setTimeout(connect, 5000);
      }
    }

    async function catchUp(batch) {
      try {
        await rejoin([batch]);
      } catch {
        // The connection's own reconnection joins again.
      }
    }

    /**
     * Joins (or joins again) from the last change seen; false when too much was missed and the page must reload.
     * early: batches already received that come after what the join brings.
     */
    async function rejoin(early = []) {
      held = [...early];
      let result;
      try {
        result = await join(connection, position);
      } catch (error) {
        held = null; // what was held is caught up by the next join, from the same position
        throw error;
      }
      const later = held;
      held = null;
      if (result.reload) {
        notice(labels.reload);
        return false;
      }
      // The missed changes first (they come before anything live), then the live batches in the order they came:
      // deliver drops what was already applied, by position.
      deliver(result.missed, result, true);
      for (const batch of later) deliver(batch.changes, batch, false);
      position = Math.max(position, result.position ?? 0);
      return true;
    }

    function deliver(changes, payload, joined, upTo) {
      const fresh = (changes ?? []).filter((change) => change.position > position);
      position = Math.max(position, upTo ?? 0, ...fresh.map((change) => change.position));
      apply({ changes: fresh, payload, joined });
    }

    function notice(text) {
      // data-live says how the page stands (connected, or not) to styles and to tests.
      root.dataset.live = text ? (text === labels.reload ? 'reload' : 'disconnected') : 'connected';
      if (!status) return;
      status.hidden = !text;
      status.textContent = text ?? '';
    }

    function announce(text) {
      if (announcer && text) announcer.textContent = text;
    }

    return { announce };
  }

  /** Whether a part of the page is being worked on: focus inside it, or text typed in one of its fields. */
  function busy(element) {
    const active = document.activeElement;
    if (active && active !== document.body && element.contains(active)) return true;
    return [...element.querySelectorAll('textarea, input[type=text]')].some((field) => field.value !== field.defaultValue);
  }

  /** Fetches a page (or a fragment of one) as a document, or null. */
  async function fetchDocument(url) {
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      return response.ok ? new DOMParser().parseFromString(await response.text(), 'text/html') : null;
    } catch {
      return null; // the next change, or the reconnection, tries again
    }
  }

  /** Runs work at most once at a time, after a short pause, once more if asked again meanwhile. */
  function debounced(work, delay = 100) {
    let timer = null;
    let running = false;
    let again = false;
    const run = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        await work();
      } finally {
        running = false;
        if (again) {
          again = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(run, delay);
    };
    return schedule;
  }

  globalThis.consultationLive = { follow, busy, fetchDocument, debounced };
})();
