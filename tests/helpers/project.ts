/** Temporary copies of a fixture project (content + the real templates), so tests never write into the repo. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A project in a temporary folder. */
export interface TempProject {
  root: string;
  /** Absolute path of a file in the project. */
  file(relative: string): string;
  read(relative: string): Promise<string>;
  write(relative: string, text: string | Buffer): Promise<void>;
  /** Replaces `search` in a file; fails the test when it is not there (so edits cannot silently miss). */
  edit(relative: string, search: string | RegExp, replacement: string): Promise<void>;
  remove(): Promise<void>;
}

/** Copies `tests/fixtures/<fixture>/content` (or the real content/) and templates/ into a new temp folder. */
export async function tempProject(fixture: 'mini' | 'real' = 'mini', from?: string): Promise<TempProject> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'imdi-rapport-'));
  if (from) {
    await cp(from, root, { recursive: true });
  } else {
    const content =
      fixture === 'real'
        ? path.join(repoRoot, 'content')
        : path.join(repoRoot, 'tests', 'fixtures', fixture, 'content');
    await cp(content, path.join(root, 'content'), { recursive: true });
    await cp(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
  }
  const file = (relative: string) => path.join(root, relative);
  return {
    root,
    file,
    read: (relative) => readFile(file(relative), 'utf8'),
    write: (relative, text) => writeFile(file(relative), text),
    async edit(relative, search, replacement) {
      const text = await readFile(file(relative), 'utf8');
      const next = text.replace(search, replacement);
      if (next === text) throw new Error(`edit: «${String(search)}» not found in ${relative}`);
      await writeFile(file(relative), next);
    },
    // Retried: a browser or file server that is still stopping can add a file while the folder goes.
    remove: () => rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }),
  };
}
