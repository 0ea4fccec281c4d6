/** Writes a file so that readers see either the old or the new content, never a half-written one. */
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentError } from './problems.ts';

/** Writes to a temporary file beside `target`, then renames it over `target`. */
export function writeAtomic(target: string, data: string | Uint8Array): Promise<void> {
  return replaceAtomic(target, (temp) => writeFile(temp, data));
}

/** Copies `source` to `target` the same way (temporary file, then rename). */
export function copyAtomic(source: string, target: string): Promise<void> {
  return replaceAtomic(target, (temp) => copyFile(source, temp));
}

async function replaceAtomic(target: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await write(temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'mappen er skrivebeskyttet'
        : code === 'ENOSPC'
          ? 'disken er full'
          : code || String(error);
    throw new EnvironmentError(
      `Kan ikke skrive ${path.relative(process.cwd(), target) || target} (${why})`,
      code === 'ENOSPC'
        ? 'Frigjør plass på disken og bygg på nytt'
        : 'Sjekk at du har skrivetilgang til mappen build/ og at filen ikke er åpen med lås i et annet program',
      { cause: error },
    );
  }
}
