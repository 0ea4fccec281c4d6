/**
 * A fingerprint of the program: the newest modification time of its sources and of
 * package-lock.json (the packages it runs), as bin/run.mjs computes it to name its bundle (it
 * adds its own time, as it decides how the bundle is made). Part of every cache key, so a changed plugin,
 * template helper or package never reuses work done by the old code.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let version: string | undefined;

/** The fingerprint (computed once per process, in a few milliseconds). */
export function codeVersion(): string {
  if (version !== undefined) return version;
  // bin/run.mjs has already computed it for the bundle it runs.
  if (process.env.IMDI_CODE_VERSION) return (version = process.env.IMDI_CODE_VERSION);
  const root = packageRoot();
  let newest = 0;
  try {
    newest = statSync(path.join(root, 'package-lock.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    for (const file of readdirSync(path.join(root, 'src'), { recursive: true })) {
      if (String(file).endsWith('.ts')) newest = Math.max(newest, statSync(path.join(root, 'src', String(file))).mtimeMs);
    }
  } catch {
    newest = Date.now(); // sources not found: never reuse anything
  }
  version = `${root}:${newest}`;
  return version;
}

/** The folder with imdi-rapport's package.json, from this file (in src/ or in the bundle under node_modules/.cache/). */
function packageRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const inBundle = here.split(`${path.sep}node_modules${path.sep}`)[0]!;
  return inBundle !== here ? inBundle : path.resolve(here, '..', '..');
}
