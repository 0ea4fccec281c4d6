/**
 * The preview's comment panel by keyboard alone, as WCAG 2.1 asks and axe cannot check: open it,
 * move between comments, write, send, answer, resolve and close, with a visible focus ring that
 * contrasts at least 3:1 with its surroundings (2.4.7, 1.4.11), focus in a logical order (2.4.3),
 * Escape closing and focus going back to where it came from. And axe with the panel open.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import { contrastRatio } from '../../src/core/contrast.ts';
import { axeViolations } from '../helpers/axe.ts';
import { it } from '../helpers/preview.ts';

/** What has focus, described: tag, classes, id and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return {
      tag: a?.tagName.toLowerCase(),
      id: a?.id,
      className: a?.className ?? '',
      name: a?.getAttribute('name') ?? '',
      text: (a?.textContent ?? '').trim(),
      inPanel: !!a?.closest('#forh-panel'),
      comment: a?.closest<HTMLElement>('[data-kommentar]')?.dataset.kommentar,
      paragraph: a?.closest<HTMLElement>('[data-avsnitt]')?.dataset.avsnitt,
    };
  });

/** `#rrggbb` of a computed `rgb(…)` colour. */
const hex = (rgb: string) =>
  '#' +
  (rgb.match(/\d+(\.\d+)?/g) ?? [])
    .slice(0, 3)
    .map((n) => Math.round(Number(n)).toString(16).padStart(2, '0'))
    .join('');

/** The focused element's ring: its outline, and the first opaque background behind it. */
async function focusRing(page: Page) {
  const ring = await page.evaluate(() => {
    const a = document.activeElement as HTMLElement;
    const style = getComputedStyle(a);
    let node: HTMLElement | null = a.parentElement;
    let background = 'rgb(255, 255, 255)';
    while (node) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && bg !== 'transparent' && !bg.startsWith('rgba(0, 0, 0, 0')) {
        background = bg;
        break;
      }
      node = node.parentElement;
    }
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor, background };
  });
  return { ...ring, contrast: contrastRatio(hex(ring.colour), hex(ring.background)) };
}

async function expectVisibleFocus(page: Page) {
  const ring = await focusRing(page);
  expect(ring.style, JSON.stringify(ring)).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  expect(ring.contrast, JSON.stringify(ring)).toBeGreaterThanOrEqual(3);
}

/** Presses Tab (or Shift+Tab) until `test` holds for the focused element, at most `max` times. */
async function tabUntil(
  page: Page,
  test: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  { back = false, max = 400 } = {},
) {
  for (let i = 0; i < max; i++) {
    if (back) {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      await page.keyboard.up('Shift');
    } else await page.keyboard.press('Tab');
    const f = await focused(page);
    if (test(f)) return f;
  }
  throw new Error('Tab never reached the element');
}

describe('comment panel by keyboard', () => {
  it('opens, moves between comments, sends, answers, resolves and closes, with visible focus', async ({ preview }) => {
    const page = await preview.openPage();
    const anchor = await page.$$eval(
      '[data-avsnitt]',
      (els) =>
        (
          els.find((e) =>
            (e.textContent ?? '').replace(/\u00ad/g, '').includes('Valgdeltakelsen blant innvandrere'),
          ) as HTMLElement
        ).dataset.avsnitt!,
    );

    // The toolbar comes first in the focus order, as it is first on screen.
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Utkast');
    await expectVisibleFocus(page);

    // Tab through the page to the paragraph's comment button, and open the panel with Enter.
    await tabUntil(page, (f) => f.className.includes('forh-avsnitt-knapp') && f.paragraph === anchor);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#forh-panel');
    expect(await focused(page)).toMatchObject({ tag: 'h2', id: 'forh-panel-tittel', inPanel: true });
    await expectVisibleFocus(page);

    // The order within the panel: close, the paragraph's link, then the form.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ className: 'forh-lukk', text: 'Lukk' });
    await expectVisibleFocus(page);
    await page.keyboard.press('Tab');
    expect((await focused(page)).className).toBe('forh-lenke');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('navn');
    await expectVisibleFocus(page);
    await page.keyboard.type('Kari Nordmann');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('tekst');
    await page.keyboard.type('Kilde mangler for tallet.');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ className: 'forh-send', text: 'Lagre' });
    await expectVisibleFocus(page);

    // Send with Enter: the panel is redrawn with the comment, and focus stays on «Lagre».
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#forh-panel .forh-kommentar').length === 1 &&
        document.querySelector('#forh-panel .forh-kvittering')?.textContent === 'Kommentaren er lagret.',
    );
    expect(await focused(page)).toMatchObject({ className: 'forh-send', inPanel: true });
    expect(await page.$eval('#forh-panel textarea', (t) => (t as HTMLTextAreaElement).value)).toBe('');

    // Answer: back to the text field, write, and send again.
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    expect((await focused(page)).name).toBe('tekst');
    await page.keyboard.type('Svar: kilden er SSB 2023.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#forh-panel .forh-kommentar').length === 2);
    const ids = await page.$$eval('#forh-panel .forh-kommentar', (els) =>
      els.map((e) => (e as HTMLElement).dataset.kommentar!),
    );

    // Move between comments with the arrow keys; each comment shows the ring when it has focus.
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toMatchObject({ tag: 'article', comment: ids[1] });
    await expectVisibleFocus(page);
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toMatchObject({ tag: 'article', comment: ids[0] });
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ tag: 'article', comment: ids[1] });

    // Resolve the answer: Tab past «Svar» to its button, Space; after the redraw focus is on the same button.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ className: 'forh-svar-knapp', text: 'Svar', comment: ids[1] });
    await expectVisibleFocus(page);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ className: 'forh-status', text: 'Marker som løst', comment: ids[1] });
    await expectVisibleFocus(page);
    await page.keyboard.press('Space');
    await page.waitForSelector(`#forh-panel [data-kommentar="${ids[1]}"] .forh-lost-merke`);
    expect(await focused(page)).toMatchObject({ className: 'forh-status', text: 'Åpne igjen', comment: ids[1] });

    // Escape closes, and focus goes back to the paragraph's button.
    await page.keyboard.press('Escape');
    expect(await page.$('#forh-panel')).toBeNull();
    expect(await focused(page)).toMatchObject({ className: 'forh-avsnitt-knapp', paragraph: anchor });

    // The list of all comments from the toolbar: open, then close with the «Lukk» button.
    const all = await tabUntil(page, (f) => f.className === 'forh-alle', { back: true });
    expect(all.text).toBe('Kommentarer (1 åpne)');
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#forh-panel .forh-eksport');
    expect(await focused(page)).toMatchObject({ id: 'forh-panel-tittel' });
    expect(await page.$eval('.forh-alle', (b) => b.getAttribute('aria-expanded'))).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ tag: 'article', comment: ids[0] });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ className: 'forh-ga-til', comment: ids[0] });
    await tabUntil(page, (f) => f.className === 'forh-lukk', { back: true, max: 10 });
    await page.keyboard.press('Enter');
    expect(await page.$('#forh-panel')).toBeNull();
    expect(await focused(page)).toMatchObject({ className: 'forh-alle' });
    expect(await page.$eval('.forh-alle', (b) => b.getAttribute('aria-expanded'))).toBe('false');
  });

  it('has no axe-core violations (WCAG 2.1 A/AA) with the panel open', async ({ preview }) => {
    const page = await preview.openPage();
    expect(await axeViolations(page)).toEqual([]);
    const anchor = await page.$eval('[data-avsnitt]', (e) => (e as HTMLElement).dataset.avsnitt!);
    await page.click(`[data-avsnitt="${anchor}"] > .forh-avsnitt-knapp`);
    await page.type('#forh-panel input[name="navn"]', 'Kari Nordmann');
    await page.type('#forh-panel textarea', 'En kommentar');
    await page.click('#forh-panel button[type="submit"]');
    await page.waitForSelector('#forh-panel .forh-kommentar');
    expect(await axeViolations(page)).toEqual([]);
    await page.click('.forh-alle');
    await page.waitForSelector('#forh-panel .forh-eksport');
    expect(await axeViolations(page)).toEqual([]);
  });
});
