/**
 * The preview opened to the network for a review meeting (`--nettverk`): every request, the
 * WebSocket included, must carry the secret printed in the address, as Jupyter's server does.
 * On 127.0.0.1 the preview stays token-free.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startPreview, type PreviewServer } from '../../src/preview/server.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject;
let open: PreviewServer;
let local: PreviewServer;
const token = 'hemmelig-nokkel-for-testen-0123456789';
const quiet = { log: () => undefined, logError: () => undefined };

/** A GET with the given headers (Host always names this server, as a browser on the network would). */
function get(
  server: PreviewServer,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; cookie?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cookie: res.headers['set-cookie']?.[0] }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens the preview's WebSocket; resolves with the first message, or the HTTP status it was refused with. */
function connect(
  server: PreviewServer,
  query: string,
  headers: Record<string, string> = {},
): Promise<{ status?: number; message?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/__forhandsvisning/ws${query}`, {
      headers: { origin: `http://127.0.0.1:${server.port}`, ...headers },
    });
    ws.on('message', (data) => {
      resolve({ message: String(data) });
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.on('error', () => undefined);
  });
}

beforeAll(async () => {
  project = await tempProject('mini');
  [open, local] = await Promise.all([
    startPreview({
      root: project.root,
      port: 0,
      host: '0.0.0.0',
      token,
      outDir: project.file('build/preview-open'),
      ...quiet,
    }),
    startPreview({ root: project.root, port: 0, outDir: project.file('build/preview-local'), ...quiet }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([open?.close(), local?.close()]);
  await project?.remove();
});

describe('the preview on the network', () => {
  it('prints its address with the token, and a random token when none is given', async () => {
    expect(open.url).toBe(`http://127.0.0.1:${open.port}/?token=${token}`);
    for (const url of open.networkUrls)
      expect(url).toMatch(new RegExp(`^http://[\\d.]+:${open.port}/\\?token=${token}$`));
    const other = await startPreview({
      root: project.root,
      port: 0,
      host: '0.0.0.0',
      outDir: project.file('build/preview-other'),
      ...quiet,
    });
    try {
      const generated = new URL(other.url).searchParams.get('token');
      expect(generated).toMatch(/^[\w-]{32}$/);
      expect(generated).not.toBe(token);
    } finally {
      await other.close();
    }
  });

  it('answers 401 without the token, and shows no draft text', async () => {
    const title = 'Testrapport om valgdeltakelse';
    expect((await get(open, '/?token=' + token)).body).toContain(title);
    for (const path of [
      '/',
      '/report.html',
      '/assets/report.css',
      '/__forhandsvisning/api/kommentarer',
      '/?token=feil',
    ]) {
      const answer = await get(open, path);
      expect(answer.status, path).toBe(401);
      expect(answer.body).not.toContain(title);
    }
    expect((await get(open, '/', { cookie: 'imdi-forhandsvisning-nokkel=feil' })).status).toBe(401);
    expect((await get(open, '/', { authorization: 'token feil' })).status).toBe(401);
  });

  it('lets the browser in with the address it was given, then by its cookie, the WebSocket too', async () => {
    const first = await get(open, `/?token=${token}`);
    expect(first.status).toBe(200);
    expect(first.cookie).toMatch(/HttpOnly/);
    expect(first.cookie).toMatch(/SameSite=Strict/);
    const cookie = first.cookie!.split(';')[0]!;
    expect((await get(open, '/assets/report.css', { cookie })).status).toBe(200);
    expect((await get(open, '/', { authorization: `token ${token}` })).status).toBe(200);
    expect(await connect(open, '')).toEqual({ status: 401 });
    expect((await connect(open, '', { cookie })).message).toContain('"type":"connected"');
  });

  it('stays token-free on this machine alone', async () => {
    expect(local.url).toBe(`http://127.0.0.1:${local.port}/`);
    expect(local.networkUrls).toEqual([]);
    expect((await get(local, '/')).status).toBe(200);
    expect((await connect(local, '')).message).toContain('"type":"connected"');
  });
});
