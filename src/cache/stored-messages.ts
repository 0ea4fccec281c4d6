/**
 * Problems as plain JSON, for the build cache in build/.cache/ (see disk-cache.ts): a cached
 * chapter or file reports exactly what a fresh one would, at the same places.
 */
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/** One problem, as stored. */
export interface StoredMessage {
  reason: string;
  place?: Point | Position;
  ruleId?: string;
  source?: string;
  /** The hint (src/core/rules.ts). */
  note?: string;
  fatal?: boolean | null;
}

/** Problems as plain JSON (a file's, or some of them). */
export function storeMessages(messages: VFile | readonly VFileMessage[]): StoredMessage[] {
  const list = 'messages' in messages ? messages.messages : messages;
  return list.map((m) => ({
    reason: m.reason,
    place: m.place ? structuredClone(m.place) : undefined,
    ruleId: m.ruleId,
    source: m.source,
    note: m.note,
    fatal: m.fatal,
  }));
}

/** Puts stored problems back on a file. */
export function restoreMessages(file: VFile, messages: readonly StoredMessage[]): void {
  for (const stored of messages) {
    const message = file.message(stored.reason, { place: stored.place, ruleId: stored.ruleId, source: stored.source });
    message.fatal = stored.fatal;
    if (stored.note) message.note = stored.note;
  }
}
