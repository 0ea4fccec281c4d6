/**
 * `npm run preview`: serves the report on 127.0.0.1, rebuilds on save and pushes the result to
 * open browsers over a WebSocket (chapters swapped in place, stylesheets swapped, a full swap
 * when something outside the chapters changed), shows build errors as an overlay over the last
 * good render, and keeps reviewers' comments. A build error never stops the server.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentType } from '../core/content-type.ts';
import { EnvironmentError, internalErrorText, internalErrorTitle } from '../core/problems.ts';
import { CommentInputError, CommentStore } from './comments.ts';
import { commentsToCsv, commentsToMarkdown } from './comments-export.ts';
import { DraftPrinter } from './draft-pdf.ts';
import { LiveBuild, type BuildOutcome, type GoodBuild } from './live-build.ts';
import { limits, previewPrefix, type PlacedComment, type ServerMessage, type ViewMode } from './messages.ts';
import { decoratePage, jsonForScript, type PreviewPage } from './page.ts';
import { latestRound, type RoundSnapshot } from './rounds.ts';
import {
  allowedHostnames,
  BodyTooLarge,
  hostAllowed,
  loopbackOnly,
  newAccessToken,
  originAllowed,
  presentedToken,
  readBody,
  safePathname,
  tokenCookie,
  tokenMatches,
} from './security.ts';
import { watchProject, type ChangeBatch, type ChangeKind } from './watcher.ts';

/** How to run the preview. */
export interface PreviewOptions {
  /** Project root (content/, templates/). */
  root: string;
  /** Port; 0 picks a free one (tests). Default 4321. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1; anything else exposes the preview on the network. */
  host?: string;
  /** Extra host names to accept in the Host header (e.g. a DNS name for the meeting room). */
  allowHosts?: string[];
  /** Output folder for the draft PDF. Default <root>/build/preview. */
  outDir?: string;
  /** Terminal output (default: console). */
  log?: (line: string) => void;
  logError?: (line: string) => void;
  /** Quiet period before a burst of saves is built (ms). */
  debounceMs?: number;
  /**
   * The secret every request must carry when the preview listens beyond this machine (default:
   * a new random one). Ignored on 127.0.0.1, which stays token-free.
   */
  token?: string;
}

/** A running preview. */
export interface PreviewServer {
  /** The address to open; with the token in it when the preview is open to the network. */
  url: string;
  /** Addresses other machines can use (network mode only), each with the token. */
  networkUrls: string[];
  port: number;
  /** Resolves when no build is running or waiting (tests and the benchmark wait on it). */
  idle(): Promise<void>;
  /** The version of the last good build (0 before the first). */
  version(): number;
  close(): Promise<void>;
}

const clientBundleFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client', 'dist', 'client.js');
const clientCssFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client', 'preview.css');
const order: Record<ChangeKind, number> = { css: 0, chapters: 1, all: 2 };

/** Starts the preview: first build, server, watcher. */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const root = path.resolve(options.root);
  const log = options.log ?? ((line) => console.log(line));
  const logError = options.logError ?? ((line) => console.error(line));
  const host = options.host ?? '127.0.0.1';
  // Open to the network: every request must show the secret (printed once, in the address).
  const token = loopbackOnly(host) ? undefined : (options.token ?? newAccessToken());
  const outDir = options.outDir ?? path.join(root, 'build', 'preview');

  const comments = await CommentStore.open(root);
  if (comments.skipped.length)
    logError(
      `Advarsel: linje ${comments.skipped.join(', ')} i ${path.relative(process.cwd(), comments.file)} kunne ikke leses (avbrutt skriving?) og er hoppet over.`,
    );
  const live = new LiveBuild(root);
  const printer = new DraftPrinter(outDir);
  const pages = new Map<ViewMode, { key: string; page: PreviewPage }>();
  const sockets = new Map<WebSocket, ViewMode>();
  let round: RoundSnapshot | undefined = await latestRound(root).catch(() => undefined);
  let placed: PlacedComment[] = [];
  let clientJs: Promise<string> | undefined;

  /** The decorated page of the last good build in a view (cached per build and round). */
  const pageFor = (good: GoodBuild, mode: ViewMode): PreviewPage => {
    const key = `${good.version}:${round?.number ?? 0}`;
    const cached = pages.get(mode);
    if (cached?.key === key) return cached.page;
    const page = decoratePage(good.html, good.chapters, { mode, round, client: true, version: good.version });
    pages.set(mode, { key, page });
    return page;
  };

  const refreshRound = async () => {
    round = await latestRound(root).catch(() => round);
  };

  const send = (socket: WebSocket, message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const broadcast = (message: ServerMessage | ((mode: ViewMode) => ServerMessage)) => {
    for (const [socket, mode] of sockets) send(socket, typeof message === 'function' ? message(mode) : message);
  };

  const placeComments = async (good: GoodBuild) => {
    const next = await comments.place(pageFor(good, 'utkast').paragraphs);
    const changed = JSON.stringify(next) !== JSON.stringify(placed);
    placed = next;
    return changed;
  };

  const report = (outcome: BuildOutcome, files: string[]) => {
    const what = files.length ? ` (${files.slice(0, 3).join(', ')}${files.length > 3 ? ' …' : ''})` : '';
    if (outcome.ok) {
      const b = outcome.build;
      const warnings = b.warnings
        ? `, ${b.warnings} ${b.warnings === 1 ? 'advarsel' : 'advarsler'} (npm run check viser dem)`
        : '';
      log(
        `${time()} bygget på ${Math.round(b.ms)} ms${what}: ${b.rendered} av ${b.chapters.length} kapitler på nytt${warnings}`,
      );
    } else {
      logError(`${time()} bygging feilet${what}:\n${outcome.terminal}`);
    }
  };

  /** Pushes a new build to the browsers: the changed chapters when only chapters changed, else a full swap. */
  const publish = async (outcome: BuildOutcome) => {
    if (!outcome.ok) {
      broadcast({ type: 'error', failure: outcome.failure });
      return;
    }
    const good = outcome.build;
    const modes = new Set(sockets.values());
    const updates = new Map<ViewMode, ServerMessage>();
    for (const mode of modes) {
      const before = pages.get(mode);
      const from = before ? Number(before.key.split(':')[0]) : 0;
      const sameRound = before?.key.endsWith(`:${round?.number ?? 0}`);
      const after = pageFor(good, mode);
      if (before && sameRound && before.page.shell === after.shell) {
        const sections = [...after.sections]
          .filter(([id, html]) => before.page.sections.get(id) !== html)
          .map(([id, html]) => ({ id, html }));
        updates.set(mode, { type: 'chapters', from, version: good.version, sections });
      } else {
        updates.set(mode, { type: 'full-reload', version: good.version });
      }
    }
    broadcast((mode) => updates.get(mode)!);
    if (await placeComments(good)) broadcast({ type: 'comments', comments: placed });
  };

  // Builds run one at a time; saves during a build are merged into the next one, so the last
  // build always reads the files as they were after the last save.
  let pendingKind: ChangeKind | undefined;
  let pendingFiles = new Set<string>();
  let running: Promise<void> | undefined;
  const schedule = (batch: ChangeBatch) => {
    pendingKind = pendingKind === undefined || order[batch.kind] > order[pendingKind] ? batch.kind : pendingKind;
    batch.files.forEach((f) => pendingFiles.add(f));
    running ??= (async () => {
      await null; // so `running` is set before the loop can finish
      while (pendingKind !== undefined) {
        const kind = pendingKind;
        const files = [...pendingFiles];
        pendingKind = undefined;
        pendingFiles = new Set();
        const sheets = files.filter((f) => /^templates\/styles\/[^/]+\.css$/.test(f));
        try {
          if (kind !== 'css') {
            if (kind === 'all') live.invalidate();
            await refreshRound();
            const outcome = await live.run();
            report(outcome, files);
            await publish(outcome);
          }
          // Stylesheets are swapped in place whatever else changed (the page keeps its <link>s).
          for (const file of sheets) broadcast({ type: 'css', href: `assets/${path.basename(file)}` });
          if (kind === 'css') log(`${time()} stilark byttet i siden (${sheets.join(', ')})`);
        } catch (error) {
          logError(internalErrorText(error));
        }
      }
    })().finally(() => {
      running = undefined;
    });
  };

  // First build (a failing one still starts the server: the page shows the overlay).
  const first = await live.run();
  report(first, []);
  if (first.ok) await placeComments(first.build);

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logError(internalErrorText(error));
      if (!res.headersSent) sendText(res, 500, internalErrorTitle);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  // Comments are small: a slow or endless body is cut off.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  let hostnames = new Set<string>();
  let port = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, hostnames, port)) {
      sendText(
        res,
        403,
        'Avvist: ukjent vertsnavn i forespørselen (Host). Åpne forhåndsvisningen med adressen serveren skrev ut.',
      );
      return;
    }
    const target = safePathname(req.url);
    if (!target) {
      sendText(res, 403, 'Avvist: ugyldig sti');
      return;
    }
    const { pathname, search } = target;
    if (token) {
      const shown = presentedToken(req, search);
      if (!tokenMatches(shown?.token, token)) {
        sendText(
          res,
          401,
          'Avvist: forhåndsvisningen krever nøkkelen i adressen som ble skrevet ut da den startet (…?token=…).',
        );
        return;
      }
      // Opened from the printed address: the browser keeps the token for the page's own requests.
      if (shown?.via === 'query')
        res.setHeader('set-cookie', `${tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    const method = req.method ?? 'GET';
    if (method === 'POST') {
      if (
        !originAllowed(req.headers.origin, req.headers.host) ||
        !/^application\/json\b/i.test(req.headers['content-type'] ?? '')
      ) {
        sendText(res, 403, 'Avvist: skriving er bare tillatt fra forhåndsvisningen selv');
        return;
      }
      await handlePost(req, res, pathname);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD, POST' }).end();
      return;
    }
    if (pathname === '/' || pathname === '/report.html' || pathname === '/index.html') {
      await refreshRound();
      const mode: ViewMode = search.get('vis') === 'endringer' ? 'endringer' : 'utkast';
      const good = live.good;
      const html = good ? pageFor(good, mode).html : emptyPage(mode);
      send200(res, 'text/html; charset=utf-8', html, req, { 'content-security-policy': csp });
      return;
    }
    if (pathname.startsWith('/assets/')) {
      const asset = live.good?.assets.get(pathname.slice(1));
      if (!asset) return notFound(res);
      const body = 'data' in asset ? asset.data : await readFile(asset.copyFrom).catch(() => undefined);
      if (body === undefined) return notFound(res);
      send200(res, contentType(pathname), body, req);
      return;
    }
    if (!pathname.startsWith(previewPrefix + '/')) return notFound(res);
    const route = pathname.slice(previewPrefix.length);
    if (route === '/client.js') {
      clientJs ??= readFile(clientBundleFile, 'utf8');
      send200(res, 'text/javascript; charset=utf-8', await clientJs, req);
    } else if (route === '/preview.css') {
      send200(res, 'text/css; charset=utf-8', await readFile(clientCssFile, 'utf8'), req);
    } else if (route === '/api/kommentarer') {
      send200(res, 'application/json; charset=utf-8', JSON.stringify(placed), req);
    } else if (route === '/kommentarer.md' || route === '/kommentarer.csv') {
      const titles = new Map((live.good?.chapters ?? []).map((c) => [c.ref, c.title]));
      const stamp = new Date().toISOString().slice(0, 10);
      const name = `kommentarer-runde-${round?.number ?? 0}-${stamp}`;
      const body = route.endsWith('.md')
        ? commentsToMarkdown(
            placed,
            titles,
            `Kommentarer${round ? ` til runde ${round.number} (${round.date})` : ''}, eksportert ${stamp}`,
          )
        : commentsToCsv(placed, titles);
      const type = route.endsWith('.md') ? 'text/markdown; charset=utf-8' : 'text/csv; charset=utf-8';
      send200(res, type, body, req, { 'content-disposition': `attachment; filename="${name}${path.extname(route)}"` });
    } else if (route === '/utkast.pdf') {
      if (!live.good || live.failure) {
        sendText(
          res,
          409,
          'PDF-en kan ikke lages nå: rapporten har feil. Rett feilene (se siden eller terminalen) og prøv igjen.',
        );
        return;
      }
      const started = performance.now();
      try {
        const pdf = await printer.print(live.good, round);
        log(`${time()} PDF av utkastet på ${Math.round(performance.now() - started)} ms`);
        send200(res, 'application/pdf', pdf, req, {
          'content-disposition': `inline; filename="utkast-runde-${round?.number ?? 0}.pdf"`,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logError(`PDF-en av utkastet feilet: ${message}`);
        sendText(res, 500, `PDF-en kunne ikke lages: ${message}`);
      }
    } else {
      notFound(res);
    }
  }

  async function handlePost(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await readBody(req, limits.body));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError();
      body = parsed as Record<string, unknown>;
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendText(res, 413, `Forespørselen er for stor (høyst ${limits.body / 1024} KiB)`);
        req.destroy();
      } else {
        sendText(res, 400, 'Forespørselen er ikke gyldig JSON');
      }
      return;
    }
    const good = live.good;
    try {
      if (pathname === `${previewPrefix}/api/kommentarer`) {
        if (!good) throw new CommentInputError('Rapporten er ikke bygget ennå', 409);
        const comment = await comments.add(
          { anchor: body.anchor, name: body.name, text: body.text, replyTo: body.replyTo },
          pageFor(good, 'utkast').paragraphs,
          round?.number ?? 0,
        );
        await placeComments(good);
        broadcast({ type: 'comments', comments: placed });
        sendJson(res, 201, placed.find((c) => c.id === comment.id) ?? comment);
        return;
      }
      const status = new RegExp(`^${previewPrefix}/api/kommentarer/([0-9a-f-]{36})/status$`).exec(pathname);
      if (status) {
        await comments.resolve(status[1]!, body.resolved, body.name);
        if (good) await placeComments(good);
        broadcast({ type: 'comments', comments: placed });
        sendJson(
          res,
          200,
          placed.find((c) => c.id === status[1]),
        );
        return;
      }
      notFound(res);
    } catch (error) {
      if (error instanceof CommentInputError) sendText(res, error.status, error.message);
      else throw error;
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (req, socket, head) => {
    const target = safePathname(req.url);
    const originOk = req.headers.origin !== undefined && originAllowed(req.headers.origin, req.headers.host);
    if (!hostAllowed(req.headers.host, hostnames, port) || !originOk || target?.pathname !== `${previewPrefix}/ws`) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    if (token && !tokenMatches(presentedToken(req, target.search)?.token, token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    const mode: ViewMode = target.search.get('vis') === 'endringer' ? 'endringer' : 'utkast';
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.set(ws, mode);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      ws.on('message', () => undefined);
      send(ws, { type: 'connected', version: live.good?.version ?? 0 });
      if (live.failure) send(ws, { type: 'error', failure: live.failure });
      send(ws, { type: 'comments', comments: placed });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new EnvironmentError(
              `Porten ${options.port ?? 4321} er i bruk`,
              'Velg en annen port med --port <nummer> (eller PORT=<nummer>), eller stopp den andre forhåndsvisningen',
            )
          : new EnvironmentError(`Forhåndsvisningen kunne ikke starte: ${error.message}`, undefined, { cause: error }),
      ),
    );
    server.listen(options.port ?? 4321, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  hostnames = allowedHostnames(host, options.allowHosts);
  const watcher = watchProject(root, schedule, { debounceMs: options.debounceMs });
  await watcher.ready;
  // Comments fetched from a reviewer's file (`npm run round -- hent`) while the preview runs: read, placed and shown.
  const onLogChange = () => {
    void (async () => {
      if (!(await comments.refresh())) return;
      if (live.good) await placeComments(live.good);
      broadcast({ type: 'comments', comments: placed });
      log(`${time()} nye kommentarer i ${path.relative(process.cwd(), comments.file)}`);
    })().catch((error: unknown) => logError(internalErrorText(error)));
  };
  watchFile(comments.file, { interval: options.debounceMs ? 100 : 500 }, onLogChange);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const query = token ? `?token=${token}` : '';
  const url = `http://${shownHost}:${port}/${query}`;
  const networkUrls = token ? networkAddresses(host).map((address) => `http://${address}:${port}/${query}`) : [];

  return {
    url,
    networkUrls,
    port,
    version: () => live.good?.version ?? 0,
    async idle() {
      // Let the watcher's debounce fire first, then wait for every queued build.
      await new Promise((resolve) => setTimeout(resolve, (options.debounceMs ?? 25) + 20));
      while (running) await running;
    },
    async close() {
      unwatchFile(comments.file, onLogChange);
      await watcher.close();
      while (running) await running;
      for (const socket of sockets.keys()) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await printer.close();
    },
  };
}

/** The page's Content-Security-Policy: our own script only, so a comment can never run code. */
const csp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const baseHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** The machine's IPv4 addresses other machines can reach (or the one address listened on). */
function networkAddresses(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [host.includes(':') ? `[${host}]` : host];
  return Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((address) => address.family === 'IPv4' && !address.internal)
    .map((address) => address.address);
}

function send200(
  res: ServerResponse,
  type: string,
  body: string | Uint8Array,
  req: IncomingMessage,
  headers: Record<string, string> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(200, { ...baseHeaders, 'content-type': type, 'content-length': bytes.length, ...headers });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...baseHeaders, 'content-type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { ...baseHeaders, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

function notFound(res: ServerResponse): void {
  sendText(res, 404, 'Finnes ikke');
}

/** The page before the first good build: only the overlay has something to say. */
function emptyPage(mode: ViewMode): string {
  return `<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>Forhåndsvisning</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${previewPrefix}/preview.css">
<script type="application/json" id="forh-tilstand">${jsonForScript({ version: 0, mode, round: 0 })}</script>
<script type="module" src="${previewPrefix}/client.js"></script>
</head>
<body>
<main><p class="forh-tom">Rapporten er ikke bygget ennå. Feilene står i terminalen og i vinduet over.</p></main>
</body>
</html>
`;
}

function time(): string {
  return new Date().toTimeString().slice(0, 8);
}
