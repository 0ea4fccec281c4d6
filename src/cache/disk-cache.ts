/**
 * Work remembered between runs, in build/.cache/: one JSON file per slot (a chapter, the
 * measures' texts, the citations, …), each with the key it was made for. The key is a hash of
 * every input, including the code itself (its content, not its file dates), so a value is
 * reused only for exactly the same inputs: a stale entry cannot be read. Entries are written
 * only by a build that writes its output (never by `check` or a failed build), atomically and
 * on a best-effort basis. `npm run clean` deletes build/, and the cache with it.
 *
 * This folder holds every cache of the program: this store, and what each slot keeps
 * (chapters.ts, citations.ts, hyphenation.ts, stored-messages.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPaths } from '../core/project.ts';
import { writeAtomic } from '../core/write-atomic.ts';

/** The folder with imdi-rapport's package.json. */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let version: string | undefined;

/**
 * A hash of the program: every file in src/ and package-lock.json (the packages it runs). Part
 * of every key, so a changed plugin, template helper or package never reuses the old code's work.
 */
export function codeVersion(): string {
  if (version !== undefined) return version;
  const hash = createHash('sha256');
  const src = path.join(packageRoot, 'src');
  const files = readdirSync(src, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  for (const file of files.map((entry) => path.join(entry.parentPath, entry.name)).sort()) {
    hash.update(path.relative(src, file)).update('\u0000').update(readFileSync(file)).update('\u0000');
  }
  try {
    hash.update(readFileSync(path.join(packageRoot, 'package-lock.json')));
  } catch {
    // no lockfile: the sources alone
  }
  return (version = hash.digest('hex'));
}

/** Deletes the output folder (default <root>/build): everything built and cached. Returns its path. */
export async function cleanOutput(root: string, outDir?: string): Promise<string> {
  const { build } = projectPaths(root, outDir);
  await rm(build, { recursive: true, force: true });
  return build;
}

/**
 * A hash of the code and every part given (anything JSON can hold). Maps and Sets count by
 * their sorted entries: they are lookups, and the order they were filled in (files read in
 * parallel) must not change the key.
 */
export function cacheKey(...parts: unknown[]): string {
  const hash = createHash('sha256');
  hash.update(codeVersion());
  const sorted = (entries: unknown[]) =>
    entries
      .map((e) => [JSON.stringify(e), e] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, e]) => e);
  for (const part of parts) {
    hash
      .update('\u0000')
      .update(
        JSON.stringify(part, (_, value: unknown) =>
          value instanceof Map || value instanceof Set ? sorted([...value]) : value,
        ) ?? '',
      );
  }
  return hash.digest('hex');
}

/** The cache folder of one build. */
export class DiskCache {
  private readonly pending = new Map<string, { key: string; value: unknown }>();

  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The value stored for `slot` if it was made with `key`. */
  async get<T>(slot: string, key: string): Promise<T | undefined> {
    try {
      const stored = JSON.parse(await readFile(this.file(slot), 'utf8')) as { key?: string; value?: T };
      return stored.key === key ? stored.value : undefined;
    } catch {
      return undefined;
    }
  }

  /** Remembers a value (or how to make it), to be written by `flush()` when the build writes its output. */
  set(slot: string, key: string, value: unknown): void {
    this.pending.set(slot, { key, value });
  }

  /** Writes what was remembered. A cache that cannot be written only makes the next build slower. */
  async flush(): Promise<void> {
    const entries = [...this.pending];
    this.pending.clear();
    await Promise.all(
      entries.map(([slot, { key, value }]) =>
        writeAtomic(
          this.file(slot),
          JSON.stringify({ key, value: typeof value === 'function' ? (value as () => unknown)() : value }),
        ).catch(() => undefined),
      ),
    );
  }

  private file(slot: string): string {
    return path.join(this.dir, `${slot.replace(/[^a-zA-Z0-9_-]+/g, '_')}.json`);
  }
}
