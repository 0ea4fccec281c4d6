// Generated from src/preview/client/client.ts by `npm run build:client`. Do not edit.

// ../../core/hint-label.ts
var hintLabel = "Slik retter du";

// ../messages.ts
var limits = {
  /** Largest request body (bytes). */
  body: 64 * 1024,
  name: 80,
  text: 8e3
};
var previewPrefix = "/__forhandsvisning";

// client.ts
var stateElement = document.getElementById("forh-tilstand");
var state = JSON.parse(stateElement?.textContent ?? "{}");
var version = state.version ?? 0;
var comments = [];
var openAnchor;
var panelMode;
var lastFailure;
var returnFocus;
var savedNotice = "";
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== void 0) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}
function toolbar() {
  const bar = el("nav", { className: "forh-verktoy", attrs: { "aria-label": "Forhåndsvisning", "data-forh": "" } });
  const here = new URL(location.href);
  const link = (label, mode) => {
    const url = new URL(here);
    if (mode === "endringer") url.searchParams.set("vis", "endringer");
    else url.searchParams.delete("vis");
    const a = el("a", { text: label, attrs: { href: url.pathname + url.search } });
    if (state.mode === mode) a.setAttribute("aria-current", "page");
    return a;
  };
  bar.append(link("Utkast", "utkast"));
  if (state.round > 0) bar.append(link(`Endringer siden runde ${state.round}`, "endringer"));
  bar.append(el("a", { text: "PDF", attrs: { href: `${previewPrefix}/utkast.pdf`, target: "_blank", rel: "noopener" } }));
  const all = el("button", { className: "forh-alle", text: "Kommentarer", attrs: { type: "button" } });
  all.setAttribute("aria-controls", "forh-panel");
  all.setAttribute("aria-expanded", String(panelMode === "alle"));
  all.addEventListener("click", () => panelMode === "alle" ? closePanel() : openAll());
  bar.append(all);
  if (state.mode === "endringer" && state.diff) {
    const d = state.diff;
    bar.append(
      el("span", {
        className: "forh-sammendrag",
        text: `Siden runde ${state.round}: ${d.added} nye, ${d.changed} endrede, ${d.removed} fjernede avsnitt`
      })
    );
  }
  return bar;
}
function updateToolbarCount() {
  const open = comments.filter((c) => !c.resolved).length;
  const button = document.querySelector(".forh-alle");
  if (button) button.textContent = `Kommentarer (${open} åpne)`;
}
function decorateParagraphs(scope) {
  for (const p of scope.querySelectorAll("[data-avsnitt]")) {
    if (p.querySelector(":scope > .forh-avsnitt-knapp")) continue;
    const anchor = p.dataset.avsnitt;
    const button = el("button", {
      className: "forh-avsnitt-knapp",
      text: `¶ ${p.dataset.nr ?? ""}`,
      attrs: {
        type: "button",
        "data-forh": "",
        "aria-label": `Kommentarer til avsnitt ${p.dataset.nr ?? ""}`,
        title: `Avsnitt ${p.dataset.nr ?? ""} – klikk for å kommentere`
      }
    });
    button.addEventListener("click", (event) => {
      event.preventDefault();
      openParagraph(anchor);
    });
    p.prepend(button);
  }
  markCommented();
}
function markCommented() {
  const counts = /* @__PURE__ */ new Map();
  for (const c of comments)
    if (c.currentAnchor && !c.resolved) counts.set(c.currentAnchor, (counts.get(c.currentAnchor) ?? 0) + 1);
  for (const p of document.querySelectorAll("[data-avsnitt]")) {
    const n = counts.get(p.dataset.avsnitt) ?? 0;
    p.classList.toggle("forh-har-kommentar", n > 0);
    const button = p.querySelector(":scope > .forh-avsnitt-knapp");
    if (!button) continue;
    button.textContent = n > 0 ? `¶ ${p.dataset.nr ?? ""} · ${n}` : `¶ ${p.dataset.nr ?? ""}`;
    button.setAttribute("aria-label", `Kommentarer til avsnitt ${p.dataset.nr ?? ""}${n > 0 ? ` · ${n} åpne` : ""}`);
  }
  updateToolbarCount();
}
function panel() {
  let aside = document.getElementById("forh-panel");
  if (!aside) {
    aside = el("aside", { attrs: { id: "forh-panel", "data-forh": "", "aria-labelledby": "forh-panel-tittel" } });
    aside.addEventListener("keydown", panelKeys);
    document.body.append(aside);
  }
  return aside;
}
function panelTitle(text) {
  return el("h2", { text, attrs: { id: "forh-panel-tittel", tabindex: "-1" } });
}
function panelKeys(event) {
  if (event.key === "Escape") {
    event.preventDefault();
    closePanel();
    return;
  }
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const target = event.target;
  if (target.matches("input, textarea")) return;
  const items = [...document.querySelectorAll("#forh-panel .forh-kommentar")];
  if (items.length === 0) return;
  const current = items.findIndex((item) => item.contains(target));
  const next = current === -1 ? event.key === "ArrowDown" ? 0 : items.length - 1 : Math.min(items.length - 1, Math.max(0, current + (event.key === "ArrowDown" ? 1 : -1)));
  event.preventDefault();
  items[next].focus();
}
function rememberFocus() {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active !== document.body && !active.closest("#forh-panel")) returnFocus = active;
}
function closePanel() {
  const anchor = openAnchor;
  panelMode = void 0;
  openAnchor = void 0;
  document.getElementById("forh-panel")?.remove();
  document.querySelector(".forh-alle")?.setAttribute("aria-expanded", "false");
  const back = (returnFocus?.isConnected ? returnFocus : void 0) ?? (anchor ? document.querySelector(`[data-avsnitt="${CSS.escape(anchor)}"] > .forh-avsnitt-knapp`) : null) ?? document.querySelector(".forh-alle");
  returnFocus = void 0;
  back?.focus();
}
function focusedInPanel() {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !active.closest("#forh-panel")) return void 0;
  const own = active.id ? `#${CSS.escape(active.id)}` : active.getAttribute("name") ? `[name="${active.getAttribute("name")}"]` : active.classList[0] ? `.${active.classList[0]}` : active.tagName.toLowerCase();
  const comment = active.closest("[data-kommentar]");
  if (!comment) return `#forh-panel ${own}`;
  const item = `#forh-panel [data-kommentar="${CSS.escape(comment.dataset.kommentar)}"]`;
  return comment === active ? item : `${item} ${own}`;
}
function paragraphText(anchor) {
  const p = document.querySelector(`[data-avsnitt="${CSS.escape(anchor)}"]`);
  if (!p) return "";
  const copy = p.cloneNode(true);
  copy.querySelectorAll("[data-forh]").forEach((n) => n.remove());
  return (copy.textContent ?? "").replace(/\u00ad/g, "").replace(/\s+/g, " ").trim();
}
function sourceLabel(c) {
  if (!c.importedFrom) return "";
  if (c.importSource === "pdf") return `fra PDF (${c.importedFrom}${c.page ? `, side ${c.page}` : ""})`;
  return `fra Word (${c.importedFrom})`;
}
function commentView(c) {
  const item = el("article", {
    className: `forh-kommentar${c.resolved ? " forh-lost" : ""}${c.replyTo ? " forh-svar" : ""}`,
    attrs: { "data-kommentar": c.id, tabindex: "-1", "aria-label": `Kommentar fra ${c.name}` }
  });
  const when = new Date(c.created).toLocaleString("nb-NO", { dateStyle: "short", timeStyle: "short" });
  const source = sourceLabel(c);
  item.append(
    el(
      "header",
      {},
      el("strong", { className: "forh-navn", text: c.name }),
      ` · ${when} · runde ${c.round}`,
      source ? el("span", { className: "forh-kilde", text: ` · ${source}` }) : ""
    )
  );
  const parent = c.replyTo ? comments.find((other) => other.id === c.replyTo) : void 0;
  if (parent) item.append(el("p", { className: "forh-merknad", text: `Svar til ${parent.name}` }));
  if (c.placement === "moved")
    item.append(el("p", { className: "forh-merknad", text: "Avsnittet er endret siden kommentaren ble skrevet." }));
  if (c.placement === "orphaned")
    item.append(
      el("p", { className: "forh-merknad", text: `Avsnittet finnes ikke lenger. Det het: «${c.quote.slice(0, 160)}»` })
    );
  if (c.placement === "unplaced")
    item.append(
      el("p", { className: "forh-merknad", text: "Uten plassering: kommentaren pekte ikke på et avsnitt i utkastet." })
    );
  if (c.selection) item.append(el("blockquote", { className: "forh-markert", text: c.selection.slice(0, 300) }));
  item.append(el("p", { className: "forh-tekst", text: c.text }));
  const toggle = el("button", {
    className: "forh-status",
    text: c.resolved ? "Åpne igjen" : "Marker som løst",
    attrs: { type: "button" }
  });
  toggle.addEventListener("click", () => void setResolved(c.id, !c.resolved));
  const answer = el("button", { className: "forh-svar-knapp", text: "Svar", attrs: { type: "button" } });
  answer.addEventListener("click", () => {
    if (item.querySelector(".forh-skjema")) return;
    item.append(commentForm({ anchor: c.currentAnchor, replyTo: c.id }, "Svar"));
    item.querySelector(".forh-skjema textarea")?.focus();
  });
  const status = c.resolved ? el("span", { className: "forh-lost-merke", text: `Løst${c.resolvedBy ? ` av ${c.resolvedBy}` : ""}` }) : "";
  item.append(el("footer", {}, status, answer, " ", toggle));
  return item;
}
function commentForm(target, label) {
  const form = el("form", { className: "forh-skjema" });
  const name = el("input", { attrs: { name: "navn", required: "", maxlength: "80", autocomplete: "name" } });
  name.value = localStorage.getItem("forh-navn") ?? "";
  const text = el("textarea", { attrs: { name: "tekst", required: "", rows: "4", maxlength: "8000" } });
  const error = el("p", { className: "forh-feilmelding", attrs: { role: "alert" } });
  const saved = el("p", { className: "forh-kvittering", text: savedNotice, attrs: { role: "status" } });
  form.append(
    el("label", {}, "Navn", name),
    el("label", {}, label === "Svar" ? "Svar" : "Kommentar", text),
    error,
    saved,
    el("button", { className: "forh-send", text: "Lagre", attrs: { type: "submit" } })
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    localStorage.setItem("forh-navn", name.value.trim());
    void postJson(`${previewPrefix}/api/kommentarer`, { ...target, name: name.value, text: text.value }).then((problem) => {
      if (problem) error.textContent = problem;
      else {
        for (const box of [text, document.querySelector("#forh-panel textarea")])
          if (box) box.value = "";
        savedNotice = "Kommentaren er lagret.";
        const status = document.querySelector("#forh-panel .forh-kvittering");
        if (status) status.textContent = savedNotice;
      }
    });
  });
  return form;
}
function openParagraph(anchor, redraw = false) {
  if (!redraw) {
    rememberFocus();
    savedNotice = "";
  }
  panelMode = "avsnitt";
  openAnchor = anchor;
  const aside = panel();
  aside.replaceChildren();
  const p = document.querySelector(`[data-avsnitt="${CSS.escape(anchor)}"]`);
  const close = el("button", { className: "forh-lukk", text: "Lukk", attrs: { type: "button" } });
  close.addEventListener("click", closePanel);
  aside.append(panelTitle(`Avsnitt ${p?.dataset.nr ?? ""}`), close);
  aside.append(el("blockquote", { text: paragraphText(anchor).slice(0, 300) }));
  const link = el("input", {
    className: "forh-lenke",
    attrs: {
      readonly: "",
      value: `${location.origin}${location.pathname}#${anchor}`,
      "aria-label": "Lenke til avsnittet"
    }
  });
  aside.append(link);
  const list = comments.filter((c) => c.currentAnchor === anchor);
  aside.append(...list.map(commentView));
  if (list.length === 0) aside.append(el("p", { className: "forh-ingen", text: "Ingen kommentarer ennå." }));
  aside.append(commentForm({ anchor }, "Kommentar"));
  if (!redraw) aside.querySelector("#forh-panel-tittel")?.focus();
  document.querySelector(".forh-alle")?.setAttribute("aria-expanded", "false");
}
function openAll(redraw = false) {
  if (!redraw) rememberFocus();
  panelMode = "alle";
  openAnchor = void 0;
  const aside = panel();
  aside.replaceChildren();
  const close = el("button", { className: "forh-lukk", text: "Lukk", attrs: { type: "button" } });
  close.addEventListener("click", closePanel);
  const open = comments.filter((c) => !c.resolved);
  aside.append(panelTitle(`Alle kommentarer (${open.length} åpne, ${comments.length - open.length} løst)`), close);
  aside.append(
    el(
      "p",
      { className: "forh-eksport" },
      "Eksporter: ",
      el("a", { text: "Markdown", attrs: { href: `${previewPrefix}/kommentarer.md` } }),
      " · ",
      el("a", { text: "CSV", attrs: { href: `${previewPrefix}/kommentarer.csv` } })
    )
  );
  const unplaced = comments.filter((c) => c.placement === "unplaced");
  if (unplaced.length) {
    aside.append(el("h3", { text: `Uten plassering (${unplaced.length})` }));
    aside.append(...unplaced.map(commentView));
    aside.append(el("h3", { text: "På avsnitt" }));
  }
  for (const c of comments.filter((c2) => c2.placement !== "unplaced")) {
    const view = commentView(c);
    if (c.currentAnchor) {
      const go = el("a", {
        className: "forh-ga-til",
        text: `Avsnitt ${c.number ?? ""}`,
        attrs: { href: `#${c.currentAnchor}` }
      });
      go.addEventListener("click", (event) => {
        event.preventDefault();
        scrollToAnchor(c.currentAnchor);
      });
      view.querySelector("header")?.prepend(go, " · ");
    }
    aside.append(view);
  }
  if (!redraw) aside.querySelector("#forh-panel-tittel")?.focus();
  document.querySelector(".forh-alle")?.setAttribute("aria-expanded", "true");
}
function renderPanel() {
  const focused = focusedInPanel();
  if (panelMode === "avsnitt" && openAnchor) {
    const typed = document.querySelector("#forh-panel textarea")?.value ?? "";
    openParagraph(openAnchor, true);
    const textarea = document.querySelector("#forh-panel textarea");
    if (textarea && typed) textarea.value = typed;
  } else if (panelMode === "alle") {
    openAll(true);
  }
  if (focused)
    (document.querySelector(focused) ?? document.querySelector("#forh-panel-tittel"))?.focus();
}
async function postJson(url, body) {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body)
    });
    if (!response.ok) return (await response.text()).trim() || `Feil ${response.status}`;
    return void 0;
  } catch {
    return "Fikk ikke kontakt med forhåndsvisningen. Er den stoppet?";
  }
}
async function setResolved(id, resolved) {
  const problem = await postJson(`${previewPrefix}/api/kommentarer/${id}/status`, {
    resolved,
    name: localStorage.getItem("forh-navn") ?? ""
  });
  const box = document.querySelector(`#forh-panel [data-kommentar="${CSS.escape(id)}"]`);
  if (problem && box) box.append(el("p", { className: "forh-feilmelding", attrs: { role: "alert" }, text: problem }));
}
function scrollToAnchor(anchor) {
  const target = document.querySelector(`[data-avsnitt="${CSS.escape(anchor)}"]`);
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.classList.add("forh-fremhevet");
  setTimeout(() => target.classList.remove("forh-fremhevet"), 2e3);
}
function showOverlay(failure) {
  lastFailure = failure;
  document.getElementById("forh-feil")?.remove();
  const box = el("div", { className: "forh-feil-boks" });
  box.append(el("h2", { text: failure.title }));
  for (const problem of failure.problems) {
    const place = problem.file ? `${problem.file}${problem.line ? `:${problem.line}` : ""}${problem.line && problem.column ? `:${problem.column}` : ""}` : "";
    const item = el("section", { className: "forh-feil-punkt" });
    if (place) item.append(el("p", { className: "forh-feil-sted", text: place }));
    item.append(
      el(
        "p",
        { className: "forh-feil-tekst", text: problem.reason },
        ...problem.ruleId ? [el("span", { className: "forh-feil-regel", text: ` ${problem.ruleId}` })] : []
      )
    );
    if (problem.hint)
      item.append(el("p", { className: "forh-feil-tips" }, el("strong", { text: `${hintLabel}: ` }), problem.hint));
    if (problem.frame) item.append(el("pre", { className: "forh-feil-ramme", text: problem.frame }));
    box.append(item);
  }
  const close = el("button", { text: "Skjul", attrs: { type: "button" } });
  close.addEventListener("click", () => document.getElementById("forh-feil")?.remove());
  box.append(
    el("p", {
      className: "forh-feil-hjelp",
      text: "Rett feilen og lagre filen: siden oppdateres av seg selv. Under ser du siste versjon som kunne bygges."
    }),
    close
  );
  document.body.append(
    el(
      "div",
      {
        attrs: {
          id: "forh-feil",
          role: "alertdialog",
          "aria-modal": "false",
          "aria-label": failure.title,
          "data-forh": ""
        }
      },
      box
    )
  );
}
function hideOverlay() {
  lastFailure = void 0;
  document.getElementById("forh-feil")?.remove();
}
function replaceSections(sections) {
  for (const { id, html } of sections) {
    const old = document.getElementById(id);
    if (!old) return false;
    const template = document.createElement("template");
    template.innerHTML = html;
    const fresh = template.content.firstElementChild;
    if (!fresh) return false;
    old.replaceWith(fresh);
    decorateParagraphs(fresh);
  }
  return true;
}
var refreshing;
function refreshPage() {
  refreshing ??= (async () => {
    try {
      const response = await fetch(location.pathname + location.search, { cache: "no-store" });
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const nextState = JSON.parse(doc.getElementById("forh-tilstand")?.textContent ?? "{}");
      const sheets = (d) => [...d.querySelectorAll("link[rel=stylesheet]")].map((l) => l.getAttribute("href")).join("|");
      if (sheets(doc) !== sheets(document) || nextState.round !== state.round) {
        sessionStorage.setItem("forh-scroll", String(window.scrollY));
        location.reload();
        return;
      }
      const x = window.scrollX;
      const y = window.scrollY;
      const oldStyles = [...document.head.querySelectorAll("style")];
      const newStyles = [...doc.head.querySelectorAll("style")];
      newStyles.forEach((s, i) => {
        if (oldStyles[i]) oldStyles[i].textContent = s.textContent;
      });
      document.title = doc.title;
      const keep = [...document.body.children].filter(
        (n) => n.hasAttribute("data-forh") && !n.classList.contains("forh-verktoy")
      );
      const focused = focusedInPanel();
      version = nextState.version;
      Object.assign(state, nextState);
      document.body.replaceChildren(
        toolbar(),
        ...[...doc.body.childNodes].map((n) => document.importNode(n, true)),
        ...keep
      );
      updateToolbarCount();
      decorateParagraphs(document);
      window.scrollTo(x, y);
      if (focused) document.querySelector(focused)?.focus();
      if (!lastFailure) hideOverlay();
      document.dispatchEvent(new CustomEvent("forh:oppdatert", { detail: { version } }));
    } finally {
      refreshing = void 0;
    }
  })();
  return refreshing;
}
function handle(message) {
  switch (message.type) {
    case "connected":
      if (message.version !== version) void refreshPage();
      break;
    case "chapters":
      hideOverlay();
      if (message.from === version && replaceSections(message.sections)) {
        version = message.version;
        document.dispatchEvent(new CustomEvent("forh:oppdatert", { detail: { version } }));
      } else {
        void refreshPage();
      }
      break;
    case "full-reload":
      hideOverlay();
      void refreshPage();
      break;
    case "css":
      for (const link of document.querySelectorAll("link[rel=stylesheet]")) {
        const href = link.getAttribute("href") ?? "";
        if (href.split("?")[0] !== message.href) continue;
        const fresh = link.cloneNode();
        fresh.href = `${message.href}?v=${Date.now()}`;
        fresh.addEventListener("load", () => link.remove(), { once: true });
        link.after(fresh);
      }
      break;
    case "error":
      showOverlay(message.failure);
      break;
    case "comments":
      comments = message.comments;
      markCommented();
      renderPanel();
      break;
  }
}
var retry = 250;
function connect() {
  const url = new URL(`${previewPrefix}/ws`, location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  if (state.mode === "endringer") url.searchParams.set("vis", "endringer");
  const socket = new WebSocket(url);
  socket.addEventListener("open", () => {
    retry = 250;
    document.documentElement.classList.remove("forh-frakoblet");
    document.documentElement.dataset.forhTilkoblet = "ja";
  });
  socket.addEventListener("message", (event) => handle(JSON.parse(String(event.data))));
  socket.addEventListener("close", () => {
    document.documentElement.classList.add("forh-frakoblet");
    delete document.documentElement.dataset.forhTilkoblet;
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 5e3);
  });
}
document.body.prepend(toolbar());
decorateParagraphs(document);
var savedScroll = sessionStorage.getItem("forh-scroll");
if (savedScroll) {
  sessionStorage.removeItem("forh-scroll");
  window.scrollTo(0, Number(savedScroll));
} else if (location.hash.startsWith("#a-")) {
  scrollToAnchor(decodeURIComponent(location.hash.slice(1)));
}
connect();
