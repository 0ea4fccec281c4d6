/**
 * The preview's browser client, loaded only in the preview's copy of the page: live updates
 * over a WebSocket, the error overlay, the «UTKAST» view switcher and reviewers' comments.
 * Bundled ahead of time into dist/client.js (`npm run build:client`), which the server serves.
 * Everything a reviewer wrote is put in the page as text, never as HTML.
 */
import { hintLabel } from '../../core/hint-label.ts';
import {
  previewPrefix as prefix,
  type BuildFailure,
  type PageState,
  type PlacedComment,
  type ServerMessage,
} from '../messages.ts';

const stateElement = document.getElementById('forh-tilstand');
const state = JSON.parse(stateElement?.textContent ?? '{}') as PageState & {
  diff?: { added: number; changed: number; removed: number };
};
let version = state.version ?? 0;
let comments: PlacedComment[] = [];
let openAnchor: string | undefined;
let panelMode: 'avsnitt' | 'alle' | undefined;
let lastFailure: BuildFailure | undefined;
/** Where focus was when the panel opened: it goes back there when the panel closes (WCAG 2.4.3). */
let returnFocus: HTMLElement | undefined;
/** «Lagret» under the form, kept through redraws, for a screen reader (role="status"). */
let savedNotice = '';

/** Shorthand for making an element with text (never HTML). */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

// ── Toolbar ────────────────────────────────────────────────────────────────────────────────
function toolbar(): HTMLElement {
  const bar = el('nav', { className: 'forh-verktoy', attrs: { 'aria-label': 'Forhåndsvisning', 'data-forh': '' } });
  const here = new URL(location.href);
  const link = (label: string, mode: 'utkast' | 'endringer') => {
    const url = new URL(here);
    if (mode === 'endringer') url.searchParams.set('vis', 'endringer');
    else url.searchParams.delete('vis');
    const a = el('a', { text: label, attrs: { href: url.pathname + url.search } });
    if (state.mode === mode) a.setAttribute('aria-current', 'page');
    return a;
  };
  bar.append(link('Utkast', 'utkast'));
  if (state.round > 0) bar.append(link(`Endringer siden runde ${state.round}`, 'endringer'));
  bar.append(el('a', { text: 'PDF', attrs: { href: `${prefix}/utkast.pdf`, target: '_blank', rel: 'noopener' } }));
  const all = el('button', { className: 'forh-alle', text: 'Kommentarer', attrs: { type: 'button' } });
  all.setAttribute('aria-controls', 'forh-panel');
  all.setAttribute('aria-expanded', String(panelMode === 'alle'));
  all.addEventListener('click', () => (panelMode === 'alle' ? closePanel() : openAll()));
  bar.append(all);
  if (state.mode === 'endringer' && state.diff) {
    const d = state.diff;
    bar.append(
      el('span', {
        className: 'forh-sammendrag',
        text: `Siden runde ${state.round}: ${d.added} nye, ${d.changed} endrede, ${d.removed} fjernede avsnitt`,
      }),
    );
  }
  return bar;
}

function updateToolbarCount(): void {
  const open = comments.filter((c) => !c.resolved).length;
  const button = document.querySelector<HTMLButtonElement>('.forh-alle');
  if (button) button.textContent = `Kommentarer (${open} åpne)`;
}

// ── Paragraph buttons ──────────────────────────────────────────────────────────────────────
function decorateParagraphs(scope: ParentNode): void {
  for (const p of scope.querySelectorAll<HTMLElement>('[data-avsnitt]')) {
    if (p.querySelector(':scope > .forh-avsnitt-knapp')) continue;
    const anchor = p.dataset.avsnitt!;
    const button = el('button', {
      className: 'forh-avsnitt-knapp',
      text: `¶ ${p.dataset.nr ?? ''}`,
      attrs: {
        type: 'button',
        'data-forh': '',
        'aria-label': `Kommentarer til avsnitt ${p.dataset.nr ?? ''}`,
        title: `Avsnitt ${p.dataset.nr ?? ''} – klikk for å kommentere`,
      },
    });
    button.addEventListener('click', (event) => {
      event.preventDefault();
      openParagraph(anchor);
    });
    p.prepend(button);
  }
  markCommented();
}

function markCommented(): void {
  const counts = new Map<string, number>();
  for (const c of comments)
    if (c.currentAnchor && !c.resolved) counts.set(c.currentAnchor, (counts.get(c.currentAnchor) ?? 0) + 1);
  for (const p of document.querySelectorAll<HTMLElement>('[data-avsnitt]')) {
    const n = counts.get(p.dataset.avsnitt!) ?? 0;
    p.classList.toggle('forh-har-kommentar', n > 0);
    const button = p.querySelector<HTMLElement>(':scope > .forh-avsnitt-knapp');
    if (!button) continue;
    button.textContent = n > 0 ? `¶ ${p.dataset.nr ?? ''} · ${n}` : `¶ ${p.dataset.nr ?? ''}`;
    // The name holds the visible text's words (WCAG 2.5.3, label in name): «… 3 · 1 åpne».
    button.setAttribute('aria-label', `Kommentarer til avsnitt ${p.dataset.nr ?? ''}${n > 0 ? ` · ${n} åpne` : ''}`);
  }
  updateToolbarCount();
}

// ── Comment panel ──────────────────────────────────────────────────────────────────────────
function panel(): HTMLElement {
  let aside = document.getElementById('forh-panel');
  if (!aside) {
    aside = el('aside', { attrs: { id: 'forh-panel', 'data-forh': '', 'aria-labelledby': 'forh-panel-tittel' } });
    aside.addEventListener('keydown', panelKeys);
    document.body.append(aside);
  }
  return aside;
}

/** The panel's title, focused when the panel opens so that a screen reader says where it is. */
function panelTitle(text: string): HTMLElement {
  return el('h2', { text, attrs: { id: 'forh-panel-tittel', tabindex: '-1' } });
}

/** Escape closes the panel; the arrow keys move between comments (Tab still goes control by control). */
function panelKeys(event: KeyboardEvent): void {
  if (event.key === 'Escape') {
    event.preventDefault();
    closePanel();
    return;
  }
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const target = event.target as HTMLElement;
  if (target.matches('input, textarea')) return;
  const items = [...document.querySelectorAll<HTMLElement>('#forh-panel .forh-kommentar')];
  if (items.length === 0) return;
  const current = items.findIndex((item) => item.contains(target));
  const next =
    current === -1
      ? event.key === 'ArrowDown'
        ? 0
        : items.length - 1
      : Math.min(items.length - 1, Math.max(0, current + (event.key === 'ArrowDown' ? 1 : -1)));
  event.preventDefault();
  items[next]!.focus();
}

/** Remembers where focus is before the panel opens (not when the panel is only redrawn). */
function rememberFocus(): void {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active !== document.body && !active.closest('#forh-panel')) returnFocus = active;
}

function closePanel(): void {
  const anchor = openAnchor;
  panelMode = undefined;
  openAnchor = undefined;
  document.getElementById('forh-panel')?.remove();
  document.querySelector('.forh-alle')?.setAttribute('aria-expanded', 'false');
  // Back to the button that opened the panel; if a live update has replaced it, to its successor.
  const back =
    (returnFocus?.isConnected ? returnFocus : undefined) ??
    (anchor
      ? document.querySelector<HTMLElement>(`[data-avsnitt="${CSS.escape(anchor)}"] > .forh-avsnitt-knapp`)
      : null) ??
    document.querySelector<HTMLElement>('.forh-alle');
  returnFocus = undefined;
  back?.focus();
}

/** A selector for the focused control in the panel, to focus its successor after a redraw. */
function focusedInPanel(): string | undefined {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !active.closest('#forh-panel')) return undefined;
  const own = active.id
    ? `#${CSS.escape(active.id)}`
    : active.getAttribute('name')
      ? `[name="${active.getAttribute('name')}"]`
      : active.classList[0]
        ? `.${active.classList[0]}`
        : active.tagName.toLowerCase();
  const comment = active.closest<HTMLElement>('[data-kommentar]');
  if (!comment) return `#forh-panel ${own}`;
  const item = `#forh-panel [data-kommentar="${CSS.escape(comment.dataset.kommentar!)}"]`;
  return comment === active ? item : `${item} ${own}`;
}

function paragraphText(anchor: string): string {
  const p = document.querySelector<HTMLElement>(`[data-avsnitt="${CSS.escape(anchor)}"]`);
  if (!p) return '';
  const copy = p.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('[data-forh]').forEach((n) => n.remove());
  return (copy.textContent ?? '')
    .replace(/\u00ad/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where an imported comment came from: «fra PDF (fil.pdf, side 4)», «fra Word (fil.docx)». */
function sourceLabel(c: PlacedComment): string {
  if (!c.importedFrom) return '';
  if (c.importSource === 'pdf') return `fra PDF (${c.importedFrom}${c.page ? `, side ${c.page}` : ''})`;
  return `fra Word (${c.importedFrom})`;
}

function commentView(c: PlacedComment): HTMLElement {
  const item = el('article', {
    className: `forh-kommentar${c.resolved ? ' forh-lost' : ''}${c.replyTo ? ' forh-svar' : ''}`,
    attrs: { 'data-kommentar': c.id, tabindex: '-1', 'aria-label': `Kommentar fra ${c.name}` },
  });
  const when = new Date(c.created).toLocaleString('nb-NO', { dateStyle: 'short', timeStyle: 'short' });
  const source = sourceLabel(c);
  item.append(
    el(
      'header',
      {},
      el('strong', { className: 'forh-navn', text: c.name }),
      ` · ${when} · runde ${c.round}`,
      source ? el('span', { className: 'forh-kilde', text: ` · ${source}` }) : '',
    ),
  );
  const parent = c.replyTo ? comments.find((other) => other.id === c.replyTo) : undefined;
  if (parent) item.append(el('p', { className: 'forh-merknad', text: `Svar til ${parent.name}` }));
  if (c.placement === 'moved')
    item.append(el('p', { className: 'forh-merknad', text: 'Avsnittet er endret siden kommentaren ble skrevet.' }));
  if (c.placement === 'orphaned')
    item.append(
      el('p', { className: 'forh-merknad', text: `Avsnittet finnes ikke lenger. Det het: «${c.quote.slice(0, 160)}»` }),
    );
  if (c.placement === 'unplaced')
    item.append(
      el('p', { className: 'forh-merknad', text: 'Uten plassering: kommentaren pekte ikke på et avsnitt i utkastet.' }),
    );
  if (c.selection) item.append(el('blockquote', { className: 'forh-markert', text: c.selection.slice(0, 300) }));
  item.append(el('p', { className: 'forh-tekst', text: c.text }));
  const toggle = el('button', {
    className: 'forh-status',
    text: c.resolved ? 'Åpne igjen' : 'Marker som løst',
    attrs: { type: 'button' },
  });
  toggle.addEventListener('click', () => void setResolved(c.id, !c.resolved));
  const answer = el('button', { className: 'forh-svar-knapp', text: 'Svar', attrs: { type: 'button' } });
  answer.addEventListener('click', () => {
    if (item.querySelector('.forh-skjema')) return;
    item.append(commentForm({ anchor: c.currentAnchor, replyTo: c.id }, 'Svar'));
    item.querySelector<HTMLTextAreaElement>('.forh-skjema textarea')?.focus();
  });
  const status = c.resolved
    ? el('span', { className: 'forh-lost-merke', text: `Løst${c.resolvedBy ? ` av ${c.resolvedBy}` : ''}` })
    : '';
  item.append(el('footer', {}, status, answer, ' ', toggle));
  return item;
}

/** The form for a new comment on a paragraph, or an answer to a comment. */
function commentForm(target: { anchor?: string; replyTo?: string }, label: string): HTMLFormElement {
  const form = el('form', { className: 'forh-skjema' });
  const name = el('input', { attrs: { name: 'navn', required: '', maxlength: '80', autocomplete: 'name' } });
  name.value = localStorage.getItem('forh-navn') ?? '';
  const text = el('textarea', { attrs: { name: 'tekst', required: '', rows: '4', maxlength: '8000' } });
  const error = el('p', { className: 'forh-feilmelding', attrs: { role: 'alert' } });
  const saved = el('p', { className: 'forh-kvittering', text: savedNotice, attrs: { role: 'status' } });
  form.append(
    el('label', {}, 'Navn', name),
    el('label', {}, label === 'Svar' ? 'Svar' : 'Kommentar', text),
    error,
    saved,
    el('button', { className: 'forh-send', text: 'Lagre', attrs: { type: 'submit' } }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    localStorage.setItem('forh-navn', name.value.trim());
    void postJson(`${prefix}/api/kommentarer`, { ...target, name: name.value, text: text.value }).then((problem) => {
      if (problem) error.textContent = problem;
      else {
        // The panel may have been redrawn meanwhile (the comment came back over the socket).
        for (const box of [text, document.querySelector<HTMLTextAreaElement>('#forh-panel textarea')])
          if (box) box.value = '';
        savedNotice = 'Kommentaren er lagret.';
        const status = document.querySelector('#forh-panel .forh-kvittering');
        if (status) status.textContent = savedNotice;
      }
    });
  });
  return form;
}

function openParagraph(anchor: string, redraw = false): void {
  if (!redraw) {
    rememberFocus();
    savedNotice = '';
  }
  panelMode = 'avsnitt';
  openAnchor = anchor;
  const aside = panel();
  aside.replaceChildren();
  const p = document.querySelector<HTMLElement>(`[data-avsnitt="${CSS.escape(anchor)}"]`);
  const close = el('button', { className: 'forh-lukk', text: 'Lukk', attrs: { type: 'button' } });
  close.addEventListener('click', closePanel);
  aside.append(panelTitle(`Avsnitt ${p?.dataset.nr ?? ''}`), close);
  aside.append(el('blockquote', { text: paragraphText(anchor).slice(0, 300) }));
  const link = el('input', {
    className: 'forh-lenke',
    attrs: {
      readonly: '',
      value: `${location.origin}${location.pathname}#${anchor}`,
      'aria-label': 'Lenke til avsnittet',
    },
  });
  aside.append(link);
  const list = comments.filter((c) => c.currentAnchor === anchor);
  aside.append(...list.map(commentView));
  if (list.length === 0) aside.append(el('p', { className: 'forh-ingen', text: 'Ingen kommentarer ennå.' }));

  aside.append(commentForm({ anchor }, 'Kommentar'));
  if (!redraw) aside.querySelector<HTMLElement>('#forh-panel-tittel')?.focus();
  document.querySelector('.forh-alle')?.setAttribute('aria-expanded', 'false');
}

function openAll(redraw = false): void {
  if (!redraw) rememberFocus();
  panelMode = 'alle';
  openAnchor = undefined;
  const aside = panel();
  aside.replaceChildren();
  const close = el('button', { className: 'forh-lukk', text: 'Lukk', attrs: { type: 'button' } });
  close.addEventListener('click', closePanel);
  const open = comments.filter((c) => !c.resolved);
  aside.append(panelTitle(`Alle kommentarer (${open.length} åpne, ${comments.length - open.length} løst)`), close);
  aside.append(
    el(
      'p',
      { className: 'forh-eksport' },
      'Eksporter: ',
      el('a', { text: 'Markdown', attrs: { href: `${prefix}/kommentarer.md` } }),
      ' · ',
      el('a', { text: 'CSV', attrs: { href: `${prefix}/kommentarer.csv` } }),
    ),
  );
  const unplaced = comments.filter((c) => c.placement === 'unplaced');
  if (unplaced.length) {
    aside.append(el('h3', { text: `Uten plassering (${unplaced.length})` }));
    aside.append(...unplaced.map(commentView));
    aside.append(el('h3', { text: 'På avsnitt' }));
  }
  for (const c of comments.filter((c) => c.placement !== 'unplaced')) {
    const view = commentView(c);
    if (c.currentAnchor) {
      const go = el('a', {
        className: 'forh-ga-til',
        text: `Avsnitt ${c.number ?? ''}`,
        attrs: { href: `#${c.currentAnchor}` },
      });
      go.addEventListener('click', (event) => {
        event.preventDefault();
        scrollToAnchor(c.currentAnchor!);
      });
      view.querySelector('header')?.prepend(go, ' · ');
    }
    aside.append(view);
  }
  if (!redraw) aside.querySelector<HTMLElement>('#forh-panel-tittel')?.focus();
  document.querySelector('.forh-alle')?.setAttribute('aria-expanded', 'true');
}

function renderPanel(): void {
  const focused = focusedInPanel();
  if (panelMode === 'avsnitt' && openAnchor) {
    const typed = document.querySelector<HTMLTextAreaElement>('#forh-panel textarea')?.value ?? '';
    openParagraph(openAnchor, true);
    const textarea = document.querySelector<HTMLTextAreaElement>('#forh-panel textarea');
    if (textarea && typed) textarea.value = typed;
  } else if (panelMode === 'alle') {
    openAll(true);
  }
  // A redraw must not drop keyboard focus to the top of the page: back to the same control.
  if (focused)
    (
      document.querySelector<HTMLElement>(focused) ?? document.querySelector<HTMLElement>('#forh-panel-tittel')
    )?.focus();
}

async function postJson(url: string, body: unknown): Promise<string | undefined> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) return (await response.text()).trim() || `Feil ${response.status}`;
    return undefined;
  } catch {
    return 'Fikk ikke kontakt med forhåndsvisningen. Er den stoppet?';
  }
}

async function setResolved(id: string, resolved: boolean): Promise<void> {
  const problem = await postJson(`${prefix}/api/kommentarer/${id}/status`, {
    resolved,
    name: localStorage.getItem('forh-navn') ?? '',
  });
  // Shown in the panel, not with alert(): a modal dialog would stop the page (and its live updates).
  const box = document.querySelector(`#forh-panel [data-kommentar="${CSS.escape(id)}"]`);
  if (problem && box) box.append(el('p', { className: 'forh-feilmelding', attrs: { role: 'alert' }, text: problem }));
}

function scrollToAnchor(anchor: string): void {
  const target = document.querySelector<HTMLElement>(`[data-avsnitt="${CSS.escape(anchor)}"]`);
  if (!target) return;
  target.scrollIntoView({ block: 'center' });
  target.classList.add('forh-fremhevet');
  setTimeout(() => target.classList.remove('forh-fremhevet'), 2000);
}

// ── Error overlay ──────────────────────────────────────────────────────────────────────────
function showOverlay(failure: BuildFailure): void {
  lastFailure = failure;
  document.getElementById('forh-feil')?.remove();
  const box = el('div', { className: 'forh-feil-boks' });
  box.append(el('h2', { text: failure.title }));
  for (const problem of failure.problems) {
    const place = problem.file
      ? `${problem.file}${problem.line ? `:${problem.line}` : ''}${problem.line && problem.column ? `:${problem.column}` : ''}`
      : '';
    const item = el('section', { className: 'forh-feil-punkt' });
    if (place) item.append(el('p', { className: 'forh-feil-sted', text: place }));
    item.append(
      el(
        'p',
        { className: 'forh-feil-tekst', text: problem.reason },
        ...(problem.ruleId ? [el('span', { className: 'forh-feil-regel', text: ` ${problem.ruleId}` })] : []),
      ),
    );
    // The hint stands apart from what went wrong: what to do about it.
    if (problem.hint)
      item.append(el('p', { className: 'forh-feil-tips' }, el('strong', { text: `${hintLabel}: ` }), problem.hint));
    if (problem.frame) item.append(el('pre', { className: 'forh-feil-ramme', text: problem.frame }));
    box.append(item);
  }
  const close = el('button', { text: 'Skjul', attrs: { type: 'button' } });
  close.addEventListener('click', () => document.getElementById('forh-feil')?.remove());
  box.append(
    el('p', {
      className: 'forh-feil-hjelp',
      text: 'Rett feilen og lagre filen: siden oppdateres av seg selv. Under ser du siste versjon som kunne bygges.',
    }),
    close,
  );
  document.body.append(
    el(
      'div',
      {
        attrs: {
          id: 'forh-feil',
          role: 'alertdialog',
          'aria-modal': 'false',
          'aria-label': failure.title,
          'data-forh': '',
        },
      },
      box,
    ),
  );
}

function hideOverlay(): void {
  lastFailure = undefined;
  document.getElementById('forh-feil')?.remove();
}

// ── Live updates ───────────────────────────────────────────────────────────────────────────
function replaceSections(sections: { id: string; html: string }[]): boolean {
  for (const { id, html } of sections) {
    const old = document.getElementById(id);
    if (!old) return false;
    const template = document.createElement('template');
    template.innerHTML = html;
    const fresh = template.content.firstElementChild;
    if (!fresh) return false;
    old.replaceWith(fresh);
    decorateParagraphs(fresh);
  }
  return true;
}

let refreshing: Promise<void> | undefined;
/** Fetches the page again and swaps the body and the page styles in place, keeping the scroll position. */
function refreshPage(): Promise<void> {
  refreshing ??= (async () => {
    try {
      const response = await fetch(location.pathname + location.search, { cache: 'no-store' });
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      const nextState = JSON.parse(doc.getElementById('forh-tilstand')?.textContent ?? '{}') as PageState;
      const sheets = (d: Document) =>
        [...d.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')].map((l) => l.getAttribute('href')).join('|');
      if (sheets(doc) !== sheets(document) || nextState.round !== state.round) {
        sessionStorage.setItem('forh-scroll', String(window.scrollY));
        location.reload();
        return;
      }
      const x = window.scrollX;
      const y = window.scrollY;
      const oldStyles = [...document.head.querySelectorAll('style')];
      const newStyles = [...doc.head.querySelectorAll('style')];
      newStyles.forEach((s, i) => {
        if (oldStyles[i]) oldStyles[i].textContent = s.textContent;
      });
      document.title = doc.title;
      const keep = [...document.body.children].filter(
        (n) => n.hasAttribute('data-forh') && !n.classList.contains('forh-verktoy'),
      );
      // Moving the panel blurs what has focus in it: put focus back afterwards.
      const focused = focusedInPanel();
      version = nextState.version;
      Object.assign(state, nextState);
      document.body.replaceChildren(
        toolbar(),
        ...[...doc.body.childNodes].map((n) => document.importNode(n, true)),
        ...keep,
      );
      updateToolbarCount();
      decorateParagraphs(document);
      window.scrollTo(x, y);
      if (focused) document.querySelector<HTMLElement>(focused)?.focus();
      if (!lastFailure) hideOverlay();
      document.dispatchEvent(new CustomEvent('forh:oppdatert', { detail: { version } }));
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

function handle(message: ServerMessage): void {
  switch (message.type) {
    case 'connected':
      if (message.version !== version) void refreshPage();
      break;
    case 'chapters':
      hideOverlay();
      if (message.from === version && replaceSections(message.sections)) {
        version = message.version;
        document.dispatchEvent(new CustomEvent('forh:oppdatert', { detail: { version } }));
      } else {
        void refreshPage();
      }
      break;
    case 'full-reload':
      hideOverlay();
      void refreshPage();
      break;
    case 'css':
      for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')) {
        const href = link.getAttribute('href') ?? '';
        if (href.split('?')[0] !== message.href) continue;
        const fresh = link.cloneNode() as HTMLLinkElement;
        fresh.href = `${message.href}?v=${Date.now()}`;
        fresh.addEventListener('load', () => link.remove(), { once: true });
        link.after(fresh);
      }
      break;
    case 'error':
      showOverlay(message.failure);
      break;
    case 'comments':
      comments = message.comments;
      markCommented();
      renderPanel();
      break;
  }
}

let retry = 250;
function connect(): void {
  const url = new URL(`${prefix}/ws`, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (state.mode === 'endringer') url.searchParams.set('vis', 'endringer');
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    retry = 250;
    document.documentElement.classList.remove('forh-frakoblet');
    document.documentElement.dataset.forhTilkoblet = 'ja';
  });
  socket.addEventListener('message', (event) => handle(JSON.parse(String(event.data)) as ServerMessage));
  socket.addEventListener('close', () => {
    document.documentElement.classList.add('forh-frakoblet');
    delete document.documentElement.dataset.forhTilkoblet;
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 5000);
  });
}

// ── Start ──────────────────────────────────────────────────────────────────────────────────
// First in the page, as it is first on screen: the first Tab reaches it (WCAG 2.4.3, focus order).
document.body.prepend(toolbar());
decorateParagraphs(document);
const savedScroll = sessionStorage.getItem('forh-scroll');
if (savedScroll) {
  sessionStorage.removeItem('forh-scroll');
  window.scrollTo(0, Number(savedScroll));
} else if (location.hash.startsWith('#a-')) {
  scrollToAnchor(decodeURIComponent(location.hash.slice(1)));
}
connect();
