/**
 * Soft hyphens that do not end a line would still travel into the PDF's text (copy-paste,
 * search, screen readers) as invisible characters inside words. So the page is laid out exactly
 * as it will be printed (print media, as wide as the printed page's content box), the soft
 * hyphens that actually end a line are found, and all the others are removed. Removing an
 * unused break opportunity cannot change where lines break.
 */
import type { Page } from 'puppeteer-core';

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
 * media at the right width already (remembered between builds, see print-page.ts); only a
 * changed page size costs a second layout here.
 */
export async function keepOnlyUsedSoftHyphens(page: Page): Promise<{ width: number; removed: number }> {
  await page.emulateMediaType('print');
  const width = await page.evaluate(printedContentWidth);
  if (page.viewport()?.width !== width) await page.setViewport({ width, height: 1200 });
  const removed = await page.evaluate(pruneSoftHyphens);
  return { width, removed };
}

/**
 * Runs in the page: removes every soft hyphen that does not end a line. For each text node it
 * finds where its lines break (a binary search per line over the characters' boxes), so the
 * cost grows with the number of lines, not with the number of soft hyphens. All nodes are
 * measured before any is changed: a change between two measurements would force a new layout.
 */
export function pruneSoftHyphens(): number {
  const SHY = '\u00ad';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.nodeValue?.includes(SHY)) nodes.push(node as Text);
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
    if (next !== value) edits.push({ node, value: next });
  }
  for (const edit of edits) edit.node.nodeValue = edit.value;
  return removed;
}
