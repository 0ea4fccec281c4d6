/**
 * A small read-only file server on 127.0.0.1 for the browser to load build/ from, so relative
 * assets resolve exactly as in the published HTML. Paths cannot leave the served folder.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { contentType } from '../core/content-type.ts';

/** Only this server, data: and blob: URLs; inline styles and scripts as the page has them. */
const offlinePolicy = "default-src 'self' data: blob: 'unsafe-inline' 'unsafe-eval'";

/** A running server; `close()` stops it. */
export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves `root` (GET/HEAD only) on a free loopback port. */
export async function serveStatic(root: string): Promise<StaticServer> {
  const base = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = path.resolve(base, `.${pathname}`);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = contentType(file);
    // A page from here may load only from here: the browser itself refuses anything else, and
    // the print reports what it refused (pdf/prepare-tab.ts).
    const offline = type.startsWith('text/html') ? { 'content-security-policy': offlinePolicy } : {};
    res.writeHead(200, { 'content-type': type, 'content-length': info.size, 'cache-control': 'no-store', ...offline });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
