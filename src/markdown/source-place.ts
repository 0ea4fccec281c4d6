/** Where a piece of a node's text stands in the chapter's source, for messages that point inside the node. */
import type { Point } from 'unist';

/** Where `char` first stands in the node's source (its start when the source spells it otherwise, e.g. as an entity). */
export function placeOf(
  char: string,
  source: string,
  position: { start: Point; end: Point } | undefined,
): Point | undefined {
  if (!position || position.start.offset === undefined || position.end.offset === undefined) return position?.start;
  const found = source.slice(position.start.offset, position.end.offset).indexOf(char);
  if (found < 0) return position.start;
  const offset = position.start.offset + found;
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const line = position.start.line + (source.slice(position.start.offset, offset).match(/\n/g)?.length ?? 0);
  // Columns count UTF-16 units, as everywhere in unified.
  return { line, column: offset - lineStart + 1, offset };
}
