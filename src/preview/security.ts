/**
 * The preview's guards: only our own host names (against DNS rebinding), only same-origin
 * writes, request paths that cannot climb out of what is served, bounded request bodies, and,
 * when the preview is open to the network, a secret token on every request.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';

/** The cookie that carries the access token once a browser has opened the printed address. */
export const tokenCookie = 'imdi-forhandsvisning-nokkel';

/** Whether the server listens on this machine only (then no token is needed). */
export function loopbackOnly(bindHost: string): boolean {
  return bindHost === '127.0.0.1' || bindHost === 'localhost' || bindHost === '::1';
}

/** A new secret for a preview opened to the network (printed once, as part of its address). */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Where the request shows the token, as Jupyter accepts it: `?token=` in the address, the
 * cookie set when that address was opened, or `Authorization: token …`. Undefined when absent.
 */
export function presentedToken(
  req: IncomingMessage,
  search: URLSearchParams,
): { token: string; via: 'query' | 'cookie' | 'header' } | undefined {
  const fromQuery = search.get('token');
  if (fromQuery) return { token: fromQuery, via: 'query' };
  const authorization = /^token\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (authorization) return { token: authorization[1]!, via: 'header' };
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === tokenCookie) return { token: value.join('='), via: 'cookie' };
  }
  return undefined;
}

/** Compares a presented token with the server's in constant time. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Host names the server answers to (the port is checked separately). */
export function allowedHostnames(bindHost: string, extra: readonly string[] = []): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', ...extra.map((h) => h.toLowerCase())]);
  if (!loopbackOnly(bindHost)) {
    // Exposed for a review meeting: the machine's own names and addresses.
    const hostname = os.hostname().toLowerCase();
    names.add(hostname);
    names.add(`${hostname}.local`);
    for (const list of Object.values(os.networkInterfaces())) {
      for (const address of list ?? [])
        names.add(address.family === 'IPv6' ? `[${address.address.toLowerCase()}]` : address.address);
    }
    if (bindHost !== '0.0.0.0' && bindHost !== '::')
      names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost.toLowerCase());
  }
  return names;
}

/** Whether a Host header names this server (host name allowed and the port ours). */
export function hostAllowed(header: string | undefined, hostnames: ReadonlySet<string>, port: number): boolean {
  if (!header) return false;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d+))?$/i.exec(header.trim());
  if (!match) return false;
  const name = match[1]!.toLowerCase();
  const givenPort = match[2] ? Number(match[2]) : 80;
  return hostnames.has(name) && givenPort === port;
}

/** Whether an Origin header (when present) is the same origin as the Host the request was sent to. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  return origin === `http://${host ?? ''}`;
}

/** The request's path, decoded, or undefined when it tries to climb out (`..`), has NUL or backslashes, or is malformed. */
export function safePathname(rawUrl: string | undefined): { pathname: string; search: URLSearchParams } | undefined {
  const raw = rawUrl ?? '/';
  if (!raw.startsWith('/')) return undefined;
  const [rawPath = '/', query = ''] = raw.split('?', 2) as [string, string?];
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  if (pathname.split('/').some((segment) => segment === '..' || segment === '.')) return undefined;
  return { pathname, search: new URLSearchParams(query) };
}

/** Thrown when a body is larger than allowed. */
export class BodyTooLarge extends Error {}

/** Reads a request body up to `max` bytes (stops reading and throws past that). */
export async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
