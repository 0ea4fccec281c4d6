/**
 * Soft hyphens that do not end a line would still travel into the PDF's text (copy-paste,
 * search, screen readers) as invisible characters inside words. So the page is laid out exactly
 * as it will be printed (print media, as wide as the printed page's content box), the soft
 * hyphens that actually end a line are found, and all the others are removed. Removing an
 * unused break opportunity cannot change where lines break.
 *
 * Where a chapter's lines break depends only on the chapter itself, the styles and the page
 * width. So the result is remembered per chapter (build/.toc-pages.json, with the page
 * numbers): a chapter whose HTML is unchanged, under the same styles, gets its soft hyphens
 * pruned as the page loads, before anything is laid out, and only changed chapters are
 * measured. That saves the measuring (60 ms for the report) and most of the layout that a
 * change of every paragraph's text would cost (40 ms).
 */
import type { Page } from 'puppeteer-core';

/** Soft hyphens pruned per chapter, by a hash of the chapter's HTML: each text node that had soft hyphens, as pruned, in document order. */
export type PrunedChapters = Record<string, string[]>;

/** Runs in the page: the width of the printed page's content box, in CSS pixels (from report.css). */
export function printedContentWidth(): number {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;width:var(--page-content-width)';
  document.body.append(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  return Math.round(width);
}

/**
 * Lays the page out as printed and prunes its soft hyphens. The print tab normally is in print
 * media at the right width already (remembered between builds, see prepare-tab.ts): then one
 * question to the page checks that and prunes. Only a changed page size costs a second layout.
 */
export async function keepOnlyUsedSoftHyphens(
  page: Page,
): Promise<{ width: number; removed: number; chapters: PrunedChapters }> {
  const expected = page.viewport()?.width ?? 0;
  const quick = (await page.evaluate(
    `(${pruneIfLaidOutAsPrinted})(${expected}, ${printedContentWidth}, ${pruneSoftHyphens})`,
  )) as { width: number; removed: number; chapters: PrunedChapters } | null;
  if (quick) return quick;
  await page.emulateMediaType('print');
  const width = await page.evaluate(printedContentWidth);
  if (page.viewport()?.width !== width) {
    // At another width lines break elsewhere, and what was applied from memory would not hold.
    // Not expected (the memory is used only at the width it was made for), so the build stops
    // and the memory is dropped: the next build measures every chapter.
    if (await page.evaluate(usedRememberedPruning))
      throw new StaleMemory('Den lagrede orddelingen passet ikke til sidebredden; bygg rapporten på nytt');
    await page.setViewport({ width, height: 1200 });
  }
  const { removed, chapters } = await page.evaluate(pruneSoftHyphens);
  return { width, removed, chapters };
}

/**
 * Runs in every new document of the print tab (register with page.evaluateOnNewDocument before
 * loading): when the HTML is parsed, before any layout, each chapter gets a hash of its HTML,
 * and a chapter found in `remembered` gets its soft hyphens pruned as remembered. Each text is
 * checked to be the same but for soft hyphens, or the chapter is left to be measured.
 */
export function applyRememberedPruning(remembered: PrunedChapters): void {
  const SHY = '\u00ad';
  // cyrb53: a fast 53-bit string hash (public domain, bryc).
  const hash = (text: string) => {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  };
  const state = { hashes: new Map<Element, string>(), pruned: new Set<Element>(), remembered };
  (globalThis as unknown as { __imdiPruning: typeof state }).__imdiPruning = state;
  document.addEventListener('DOMContentLoaded', () => {
    for (const section of document.querySelectorAll('section.chapter')) {
      const key = hash(section.outerHTML);
      state.hashes.set(section, key);
      const values = remembered[key];
      if (!values) continue;
      const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode())
        if (node.nodeValue?.includes(SHY)) nodes.push(node as Text);
      const same =
        nodes.length === values.length &&
        nodes.every((node, i) => node.nodeValue!.replaceAll(SHY, '') === values[i]!.replaceAll(SHY, ''));
      if (!same) continue;
      nodes.forEach((node, i) => {
        node.nodeValue = values[i]!;
      });
      state.pruned.add(section);
    }
  });
}

/**
 * Runs in the page, given the two functions above (a page knows only what it is sent): prunes
 * if the page is in print media and `expected` pixels wide, as printed; otherwise null.
 */
function pruneIfLaidOutAsPrinted(
  expected: number,
  widthOf: typeof printedContentWidth,
  prune: typeof pruneSoftHyphens,
): { width: number; removed: number; chapters: PrunedChapters } | null {
  if (!matchMedia('print').matches) return null;
  const width = widthOf();
  return width === expected ? { width, ...prune() } : null;
}

/** Runs in the page: whether any chapter was pruned from memory. */
function usedRememberedPruning(): boolean {
  return ((globalThis as unknown as { __imdiPruning?: { pruned: Set<Element> } }).__imdiPruning?.pruned.size ?? 0) > 0;
}

/** The remembered soft hyphens do not fit the page (see keepOnlyUsedSoftHyphens). */
export class StaleMemory extends Error {}

/**
 * Runs in the page: removes every soft hyphen that does not end a line. For each text node it
 * finds where its lines break (a binary search per line over the characters' boxes), so the
 * cost grows with the number of lines, not with the number of soft hyphens. All nodes are
 * measured before any is changed: a change between two measurements would force a new layout.
 */
export function pruneSoftHyphens(): { removed: number; chapters: Record<string, string[]> } {
  const SHY = '\u00ad';
  const state = (
    globalThis as unknown as {
      __imdiPruning?: { hashes: Map<Element, string>; pruned: Set<Element>; remembered: Record<string, string[]> };
    }
  ).__imdiPruning;
  const pruned = [...(state?.pruned ?? [])];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeValue?.includes(SHY) && !pruned.some((section) => section.contains(node))) nodes.push(node as Text);
  }
  const range = document.createRange();
  const edits: { node: Text; value: string }[] = [];
  let removed = 0;
  for (const node of nodes) {
    const value = node.nodeValue ?? '';
    // A range that starts right at a line break also yields an empty box at the end of the line
    // before; only boxes with width say where a character really is.
    const top = (index: number) => {
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      const rects = range.getClientRects();
      for (let r = rects.length - 1; r >= 0; r--) if (rects[r]!.width > 0) return rects[r]!.top;
      return NaN;
    };
    const visible: number[] = [];
    for (let i = 0; i < value.length; i++) if (value[i] !== SHY && value[i] !== '\n') visible.push(i);
    const keep = new Set<number>();
    let lastTop = NaN;
    for (let k = visible.length - 1; k >= 0 && Number.isNaN(lastTop); k--) lastTop = top(visible[k]!);
    let from = 0;
    while (from < visible.length - 1) {
      const lineTop = top(visible[from]!);
      if (!(lastTop > lineTop + 1)) break; // the rest is on this line
      let lo = from + 1;
      let hi = visible.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (top(visible[mid]!) > lineTop + 1) hi = mid;
        else lo = mid + 1;
      }
      // visible[lo] starts the next line: a soft hyphen just before it ended this one.
      if (value[visible[lo]! - 1] === SHY) keep.add(visible[lo]! - 1);
      from = lo;
    }
    let next = '';
    for (let i = 0; i < value.length; i++) {
      if (value[i] === SHY && !keep.has(i)) removed++;
      else next += value[i];
    }
    edits.push({ node, value: next });
  }
  // What each measured chapter became, for the next build; chapters pruned from memory stay as remembered.
  const chapters: Record<string, string[]> = {};
  for (const [section, key] of state?.hashes ?? []) {
    chapters[key] = state!.pruned.has(section)
      ? state!.remembered[key]!
      : edits.filter((e) => section.contains(e.node)).map((e) => e.value);
  }
  for (const edit of edits) if (edit.node.nodeValue !== edit.value) edit.node.nodeValue = edit.value;
  return { removed, chapters };
}
