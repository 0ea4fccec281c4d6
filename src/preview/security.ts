/**
 * The preview's guards: only our own host names (against DNS rebinding), only same-origin
 * writes, request paths that cannot climb out of what is served, and bounded request bodies.
 */
import type { IncomingMessage } from 'node:http';
import os from 'node:os';

/** Host names the server answers to (the port is checked separately). */
export function allowedHostnames(bindHost: string, extra: readonly string[] = []): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', ...extra.map((h) => h.toLowerCase())]);
  if (bindHost !== '127.0.0.1' && bindHost !== 'localhost' && bindHost !== '::1') {
    // Exposed for a review meeting: the machine's own names and addresses.
    const hostname = os.hostname().toLowerCase();
    names.add(hostname);
    names.add(`${hostname}.local`);
    for (const list of Object.values(os.networkInterfaces())) {
      for (const address of list ?? []) names.add(address.family === 'IPv6' ? `[${address.address.toLowerCase()}]` : address.address);
    }
    if (bindHost !== '0.0.0.0' && bindHost !== '::') names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost.toLowerCase());
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
