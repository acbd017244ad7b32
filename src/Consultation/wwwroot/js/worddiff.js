// The word diff, in the browser: an amendment editor (a textarea with data-diff-base) shows, as it is typed, what it
// changes in the text it starts from, word by word, drawn as the server draws its diffs (<ins>, <del>, with hidden
// words for screen readers), and says the count of changes politely once typing pauses. The server's preview button
// does the same without script. Words are split as the server splits them (WordChunker): a run of letters and digits,
// with inner apostrophes or hyphens, or a single other character, each with the whitespace that follows it.
const WORD = /^\s+|(?:[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*|\S)\s*/gu;

export function words(text) {
  return text.match(WORD) ?? [];
}

/** Texts are compared as the server stores them: one kind of line ending, no surrounding whitespace. */
export function normalise(text) {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** What changed from one text to the other: segments { kind: 'unchanged' | 'inserted' | 'deleted', text }. */
export function diff(from, to) {
  const a = words(from);
  const b = words(to);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const segments = [];
  const add = (kind, text) => {
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) last.text += text;
    else segments.push({ kind, text });
  };
  add('unchanged', a.slice(0, start).join(''));
  // Within each run of changes, what was removed comes before what was added.
  let removed = '';
  let added = '';
  for (const [op, token] of script(a.slice(start, endA), b.slice(start, endB))) {
    if (op === '=') {
      add('deleted', removed);
      add('inserted', added);
      removed = added = '';
      add('unchanged', token);
    } else if (op === '-') removed += token;
    else added += token;
  }
  add('deleted', removed);
  add('inserted', added);
  add('unchanged', a.slice(endA).join(''));
  return segments;
}

/** Myers' O(ND) shortest edit script between two token lists: ['=' | '-' | '+', token] in order. */
function script(a, b) {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  if (max === 0) return [];
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset);
    }
  }
  return [];
}

function backtrack(trace, a, b, offset) {
  const ops = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d];
    const k = x - y;
    const previousK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : v[offset + previousK];
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      ops.push(['=', a[x - 1]]);
      x--;
      y--;
    }
    if (d > 0) {
      if (x === previousX) ops.push(['+', b[y - 1]]);
      else ops.push(['-', a[x - 1]]);
    }
    x = previousX;
    y = previousY;
  }
  return ops.reverse();
}

/** Draws segments as the server's _Diff partial does. */
export function render(segments, labels, into) {
  const nodes = segments.map(({ kind, text }) => {
    if (kind === 'unchanged') return document.createTextNode(text);
    const element = document.createElement(kind === 'inserted' ? 'ins' : 'del');
    element.append(hidden(kind === 'inserted' ? labels.added : labels.removed), text, hidden(labels.end));
    return element;
  });
  into.replaceChildren(...nodes);
}

function hidden(text) {
  const span = document.createElement('span');
  span.className = 'visually-hidden';
  span.textContent = text;
  return span;
}

const isWord = (token) => /[\p{L}\p{N}]/u.test(token);

function count(segments, kind) {
  return segments.filter((s) => s.kind === kind).reduce((n, s) => n + words(s.text).filter(isWord).length, 0);
}

function enhance(editor) {
  const preview = document.querySelector(`[data-diff-preview-for="${editor.id}"]`);
  const output = preview?.querySelector('[data-diff-output]');
  if (!preview || !output) return;
  const summary = preview.querySelector('[data-diff-summary]');
  const labels = JSON.parse(editor.dataset.diffLabels);
  const base = normalise(editor.dataset.diffBase);
  const numbers = new Intl.NumberFormat(document.documentElement.lang);
  let said = null;

  const draw = () => {
    const segments = diff(base, normalise(editor.value));
    render(segments, labels, output);
    preview.hidden = false;
    return segments;
  };
  const say = () => {
    const segments = diff(base, normalise(editor.value));
    const added = count(segments, 'inserted');
    const removed = count(segments, 'deleted');
    const text = added + removed === 0 ? labels.unchanged
      : labels.summary.replace('{added}', numbers.format(added)).replace('{removed}', numbers.format(removed));
    if (summary && text !== said) summary.textContent = said = text;
  };

  let drawing = null;
  let saying = null;
  editor.addEventListener('input', () => {
    clearTimeout(drawing);
    clearTimeout(saying);
    drawing = setTimeout(draw, 80);
    saying = setTimeout(say, 1200);
  });
  // A page drawn after the server's preview, or with text already changed, shows the changes at once.
  if (!preview.hidden || normalise(editor.value) !== base) draw();
}

for (const editor of document.querySelectorAll('textarea[data-diff-base][id]')) enhance(editor);
