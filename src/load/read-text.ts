/** Reads a writer's file as UTF-8, reporting files that cannot be read or are not UTF-8. */
import { readFile } from 'node:fs/promises';
import type { Problems } from '../core/problems.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text, or undefined (with a message) when it is missing or not UTF-8. */
export async function readText(file: string, display: string, problems: Problems): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.add(display, 'file-missing', { code: code ?? String(error) }, undefined);
    return undefined;
  }
  try {
    // Windows line endings (CRLF) read as LF: the same HTML, positions and cache keys on every machine.
    return utf8
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n');
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset).toString('latin1');
    const line = before.split('\n').length;
    problems.add(display, 'encoding', {}, { line, column: offset - before.lastIndexOf('\n') });
    return undefined;
  }
}

/** Offset of the first byte that breaks UTF-8 (a plain scan; only runs on files that failed to decode). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return i;
}
