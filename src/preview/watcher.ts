/**
 * Watches content/ and templates/ and turns bursts of saves into one batch. What changed
 * decides the work: stylesheets only are swapped in place, chapter files only re-render those
 * chapters, anything else (a template, report.yaml, measures, data, images) rebuilds all.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/** The work one batch of changes needs. */
export type ChangeKind = 'css' | 'chapters' | 'all';

/** A batch of saved files (project-relative, forward slashes) and the work they need. */
export interface ChangeBatch {
  kind: ChangeKind;
  files: string[];
}

/** Decides the work for a set of changed files. */
export function classifyChanges(events: readonly { event: string; file: string }[]): ChangeKind {
  let kind: ChangeKind = 'css';
  for (const { event, file } of events) {
    if (/^templates\/styles\/[^/]+\.css$/.test(file) && event === 'change') continue;
    if (/^content\/.+\.md$/i.test(file) && event === 'change') {
      kind = 'chapters';
      continue;
    }
    return 'all';
  }
  return kind;
}

/** Editors' temporary and backup files: never a reason to rebuild. */
const ignored = /(^|[/\\])(\.[^/\\]*|#[^/\\]*#|[^/\\]*~|[^/\\]*\.sw[px]|4913)$/;

/** Watches the project and calls `onBatch` with debounced batches; `close()` stops watching. */
export function watchProject(
  root: string,
  onBatch: (batch: ChangeBatch) => void,
  options: { debounceMs?: number } = {},
): { close(): Promise<void>; ready: Promise<void> } {
  const debounceMs = options.debounceMs ?? 25;
  const watcher: FSWatcher = watch([path.join(root, 'content'), path.join(root, 'templates')], {
    ignoreInitial: true,
    ignored: (file: string) => ignored.test(file),
  });
  let pending: { event: string; file: string }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const events = pending;
    pending = [];
    if (events.length) onBatch({ kind: classifyChanges(events), files: [...new Set(events.map((e) => e.file))] });
  };
  watcher.on('all', (event, file) => {
    if (event === 'addDir') return;
    pending.push({ event, file: path.relative(root, file).split(path.sep).join('/') });
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
