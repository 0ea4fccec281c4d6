/**
 * Latency of the preview, save → browser updated, with the targets we hold it to. Not a test
 * (timings depend on the machine); run it by hand or in CI's benchmark step:
 *   node tests/preview/benchmark.ts [--runder 15] [--ekte]
 * --ekte uses a copy of the real content/ instead of the mini fixture. Exit code 1 when a
 * median or 95th percentile is over its target.
 */
import { parseArgs } from 'node:util';
import { closeBrowser, launchBrowser } from '../../src/pdf/browser.ts';
import { startPreview } from '../../src/preview/server.ts';
import { tempProject } from '../helpers/project.ts';

/** Targets in milliseconds: [median, 95th percentile]. */
const targets = {
  'kapittel lagret → siden oppdatert': [250, 600],
  'stilark lagret → stilen byttet': [150, 400],
  'mal lagret → siden oppdatert': [600, 1500],
} as const;
type Case = keyof typeof targets;

const { values } = parseArgs({ options: { runder: { type: 'string', default: '15' }, ekte: { type: 'boolean', default: false } } });
const rounds = Number(values.runder);
const project = await tempProject(values.ekte ? 'real' : 'mini');
const server = await startPreview({ root: project.root, port: 0, log: () => undefined, logError: (l) => console.error(l) });
const browser = await launchBrowser();
const results = new Map<Case, number[]>();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 800 });
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForSelector('html[data-forh-tilkoblet]');
  const chapterFile = values.ekte ? await firstChapter() : 'content/chapters/02-status.md';
  const chapterText = await project.read(chapterFile);
  const cssText = await project.read('templates/styles/report.css');
  const templateText = await project.read('templates/partials/chapter.hbs');

  const measure = async (name: Case, save: (i: number) => Promise<void>, seen: (i: number) => string) => {
    const list: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await server.idle();
      const started = Date.now();
      await save(i);
      const at = await (await page.waitForFunction(new Function(`return (${seen(i)}) ? Date.now() : false;`) as () => number | false, { polling: 'mutation', timeout: 30_000 })).jsonValue();
      list.push(Number(at) - started);
    }
    results.set(name, list);
  };

  await measure('kapittel lagret → siden oppdatert', (i) => project.write(chapterFile, `${chapterText}\n\nMålepunkt ${i} for forhåndsvisningen.\n`), (i) => `(document.querySelector('main').textContent || '').replace(/\\u00ad/g, '').includes('Målepunkt ${i} for')`);
  // CSS swaps do not change the DOM text: poll the computed style instead.
  await measure('stilark lagret → stilen byttet', (i) => project.write('templates/styles/report.css', `${cssText}\nmain { outline: 1px solid rgb(${i + 1}, 2, 3); }\n`), (i) => `getComputedStyle(document.querySelector('main')).outlineColor === 'rgb(${i + 1}, 2, 3)'`);
  await measure('mal lagret → siden oppdatert', (i) => project.write('templates/partials/chapter.hbs', templateText.replace('<section class="chapter', `<section data-maaling="${i}" class="chapter`)), (i) => `document.querySelector('section[data-maaling="${i}"]') !== null`);
} finally {
  await closeBrowser(browser);
  await server.close();
  await project.remove();
}

let failed = false;
console.log(`\nForhåndsvisning, ${rounds} målinger per tilfelle (${values.ekte ? 'ekte innhold' : 'mini-rapporten'})\n`);
console.log(`${'tilfelle'.padEnd(36)} ${'median'.padStart(8)} ${'p95'.padStart(8)}   mål (median / p95)`);
for (const [name, list] of results) {
  const sorted = [...list].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
  const [m, p] = targets[name];
  const ok = median <= m && p95 <= p;
  failed ||= !ok;
  console.log(`${name.padEnd(36)} ${`${median} ms`.padStart(8)} ${`${p95} ms`.padStart(8)}   ${m} / ${p} ms ${ok ? 'ok' : 'OVER MÅLET'}`);
}
process.exitCode = failed ? 1 : 0;

async function firstChapter(): Promise<string> {
  const yaml = await project.read('content/report.yaml');
  const ref = /chapters:\s*\n\s*-\s*(\S+)/.exec(yaml)?.[1];
  if (!ref) throw new Error('Fant ingen kapitler i content/report.yaml');
  return `content/${ref}`;
}
