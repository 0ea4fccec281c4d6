/**
 * `npm run bench`: how fast the pipeline is, against its targets (issue 7). Each number is the
 * median of several runs. Prints a table and writes build/bench.json.
 *
 *   1. floor       launch Chromium, load build/report.html, one page.pdf(), close
 *   2. report      `npm run report` end to end, cold process; and its ratio to the floor
 *   3. html        full HTML build in-process (warm), and a rebuild after editing one chapter
 *   4. preview     save a chapter → the browser shows it; PDF from the warm preview
 *   5. scale       a generated report 10× the real one: build time, peak memory, time per page
 *   6. check       `npm run check`, cold process
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../src/pipeline/pipeline.ts';
import { closeBrowser, launchBrowser } from '../src/pdf/browser.ts';
import { serveStatic } from '../src/pdf/static-server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);

interface Row {
  name: string;
  ms: number;
  target?: string;
  ok?: boolean;
  note?: string;
}
const rows: Row[] = [];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timeIt(n: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * Runs a command; resolves with its wall time and the peak memory of its process tree (KiB).
 * Memory is the tree's proportional set size (PSS): each page shared by several processes
 * (Chromium's code, its shared memory between browser, renderer and GPU process) counts once,
 * split between them. Summing resident sizes (RSS) would count Chromium's 150 MB of code once
 * per process.
 */
function runCommand(
  command: string,
  args: string[],
  cwd: string,
  sampleMemory = false,
): Promise<{ ms: number; peakKiB: number; peakRssKiB: number; code: number | null }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, stdio: 'ignore' });
    let peak = 0;
    let peakRss = 0;
    // Reading /proc/<pid>/smaps_rollup costs CPU on a two-core machine: never while timing.
    const sample = sampleMemory
      ? setInterval(() => {
          const { pss, rss } = treeMemoryKiB(child.pid!);
          peak = Math.max(peak, pss);
          peakRss = Math.max(peakRss, rss);
        }, 50)
      : undefined;
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({ ms: performance.now() - start, peakKiB: peak, peakRssKiB: peakRss, code });
    });
  });
}

/** Memory of a process and all its descendants, from /proc: PSS and RSS sums in KiB. */
function treeMemoryKiB(rootPid: number): { pss: number; rss: number } {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let pss = 0;
  let rss = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // the process ended meanwhile
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { pss, rss };
}

async function copyProject(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'imdi-bench-'));
  for (const part of ['content', 'templates', 'package.json', 'package-lock.json', 'bin'])
    await cp(path.join(root, part), path.join(dir, part), { recursive: true });
  await cp(path.join(root, 'src'), path.join(dir, 'src'), { recursive: true });
  // Share the installed packages (read-only use).
  await execFileSync('ln', ['-s', path.join(root, 'node_modules'), path.join(dir, 'node_modules')]);
  return dir;
}

/** Makes the report 10× longer: the body chapters repeated, with labels kept unique. */
async function scaleUp(dir: string, factor: number): Promise<void> {
  const reportFile = path.join(dir, 'content', 'report.yaml');
  const report = await readFile(reportFile, 'utf8');
  const chapterDir = path.join(dir, 'content', 'chapters');
  const body = (await readdir(chapterDir)).filter((f) => /^0[3-7]-/.test(f)).sort();
  const added: string[] = [];
  // Figure and table labels must stay unique; references to chapters keep pointing at the originals.
  const texts = await Promise.all(body.map((file) => readFile(path.join(chapterDir, file), 'utf8')));
  const labels = new Set(
    texts.flatMap((t) => [...t.matchAll(/\{#([a-z0-9-]+)\}|::figur\{#([a-z0-9-]+)/g)].map((m) => m[1] ?? m[2]!)),
  );
  for (let k = 2; k <= factor; k++) {
    for (const file of body) {
      let text = await readFile(path.join(chapterDir, file), 'utf8');
      text = text
        .replace(/\{#([a-z0-9-]+)\}/g, `{#$1-x${k}}`)
        .replace(/::figur\{#([a-z0-9-]+)/g, `::figur{#$1-x${k}`)
        .replace(/:ref\[([a-z0-9-]+)\]/g, (whole, label: string) =>
          labels.has(label) ? `:ref[${label}-x${k}]` : whole,
        )
        .replace(/^title: (.*)$/m, `title: $1 (${k})`);
      const name = file.replace(/\.md$/, `-x${k}.md`);
      await writeFile(path.join(chapterDir, name), text);
      added.push(`  - chapters/${name}`);
    }
  }
  await writeFile(
    reportFile,
    report.replace('  - chapters/08-referanser.md', `${added.join('\n')}\n  - chapters/08-referanser.md`),
  );
}

function pages(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
}

async function main() {
  const dir = await copyProject();
  try {
    // Warm the bundle and build once so build/report.html exists.
    await runCommand('npm', ['run', '--silent', 'report'], dir);

    // 1. The floor, and 2. npm run report, cold process: what a writer does all day. Each
    //    report follows an edit in one chapter: one word is changed for another as long (a new
    //    one every run), so the chapter is rendered, hyphenated and measured again while the
    //    page numbers of the last build still hold, as after most small fixes. The two
    //    alternate, so that a slow spell on a shared machine slows both and their ratio stays true.
    const edited = path.join(dir, 'content', 'chapters', '04-arsaker.md');
    const editedText = await readFile(edited, 'utf8');
    if (!editedText.includes('Mange '))
      throw new Error('04-arsaker.md has no «Mange » to edit: choose another word for the bench');
    const floorRuns: number[] = [];
    const reportRuns: number[] = [];
    for (let i = 0; i < runs; i++) {
      floorRuns.push(await timeIt(1, () => printFloor(dir)));
      await writeFile(edited, editedText.replace('Mange ', `Mang${'bcdfghjklmnpqrstvwxz'[i % 20]} `));
      reportRuns.push((await runCommand('npm', ['run', '--silent', 'report'], dir)).ms);
    }
    await writeFile(edited, editedText);
    const floor = median(floorRuns);
    rows.push({ name: '1 gulv: Chromium laster report.html og skriver én PDF', ms: floor });
    const report = median(reportRuns);
    const realPages = pages(path.join(dir, 'build', 'report.pdf'));
    rows.push({
      name: `2a npm run report etter at ett ord er byttet i ett kapittel (kald prosess, ${realPages} sider)`,
      ms: report,
      target: `≤ 1,3 × gulvet = ${Math.round(floor * 1.3)} ms`,
      ok: report <= floor * 1.3,
      note: `${(report / floor).toFixed(2).replace('.', ',')} × gulvet`,
    });
    // The same with nothing to reuse: no build/ folder (no cache, no remembered page numbers, so two prints).
    const firstRuns: number[] = [];
    for (let i = 0; i < runs; i++) {
      await rm(path.join(dir, 'build'), { recursive: true, force: true });
      firstRuns.push((await runCommand('npm', ['run', '--silent', 'report'], dir)).ms);
    }
    const first = median(firstRuns);
    rows.push({
      name: '2b npm run report første gang (uten build/: ingen mellomlager, to utskrifter)',
      ms: first,
      note: `${(first / floor).toFixed(2).replace('.', ',')} × gulvet`,
    });

    // 3. HTML only, warm, in-process.
    await build({ root: dir, pdf: false });
    const full = await timeIt(runs + 2, () => build({ root: dir, pdf: false }));
    rows.push({ name: '3a HTML, full bygging (varm)', ms: full, target: '≤ 500 ms', ok: full <= 500 });
    const { LiveBuild } = await import('../src/preview/live-build.ts');
    const live = new LiveBuild(dir);
    await live.run();
    const chapter = path.join(dir, 'content', 'chapters', '04-arsaker.md');
    const original = await readFile(chapter, 'utf8');
    let n = 0;
    const rebuild = await timeIt(runs + 2, async () => {
      await writeFile(chapter, `${original}\nEndring ${++n}.\n`);
      const outcome = await live.run();
      if (!outcome.ok) throw new Error('rebuild failed');
    });
    await writeFile(chapter, original);
    rows.push({
      name: '3b HTML, ny bygging etter endring i ett kapittel (varm)',
      ms: rebuild,
      target: '≤ 50 ms',
      ok: rebuild <= 50,
    });

    // 4. The preview.
    const preview = await benchPreview(dir, chapter, original);
    rows.push({
      name: '4a forhåndsvisning: lagre → nettleseren viser teksten',
      ms: preview.save,
      target: '≤ 150 ms',
      ok: preview.save <= 150,
    });
    rows.push({
      name: '4b forhåndsvisning: PDF fra varm nettleser',
      ms: preview.pdf,
      target: '≤ 1 500 ms',
      ok: preview.pdf <= 1500,
    });

    // 6. check, cold.
    const checkRuns: number[] = [];
    for (let i = 0; i < runs + 2; i++) checkRuns.push((await runCommand('npm', ['run', '--silent', 'check'], dir)).ms);
    const check = median(checkRuns);
    rows.push({ name: '6 npm run check (kald)', ms: check, target: '≤ 1 000 ms', ok: check <= 1000 });

    // 5. Scale: 10× the report.
    await scaleUp(dir, 10);
    // The first build fills the cache and finds the page numbers; then one timed build, and one
    // that samples memory (sampling would slow the timed one down).
    await runCommand('npm', ['run', '--silent', 'report', '--', '--timeout', '0'], dir);
    const big = await runCommand('npm', ['run', '--silent', 'report', '--', '--timeout', '0'], dir);
    if (big.code !== 0) throw new Error('10× build failed');
    const memory = await runCommand('npm', ['run', '--silent', 'report', '--', '--timeout', '0'], dir, true);
    const bigPages = pages(path.join(dir, 'build', 'report.pdf'));
    const perPage = big.ms / bigPages;
    const perPageReal = report / realPages;
    rows.push({
      name: `5 10 × rapporten (${bigPages} sider): full bygging`,
      ms: big.ms,
      target: `tid per side ≤ 1,2 × (${perPageReal.toFixed(0)} ms); minne < 1 GiB`,
      ok: perPage <= perPageReal * 1.2 && memory.peakKiB < 1024 * 1024,
      note: `${perPage.toFixed(0)} ms per side (${(perPage / perPageReal).toFixed(2).replace('.', ',')} ×), topp ${Math.round(memory.peakKiB / 1024)} MiB PSS (${Math.round(memory.peakRssKiB / 1024)} MiB summert RSS)`,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const machine = `${os.cpus().length} kjerner (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${execFileSync('chromium', ['--version'], { encoding: 'utf8' }).trim()}`;
  console.log(`\nMaskin: ${machine}\n`);
  console.log('| Måling | Median | Mål | Status |');
  console.log('|---|---:|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${Math.round(r.ms).toLocaleString('nb-NO')} ms${r.note ? ` (${r.note})` : ''} | ${r.target ?? ''} | ${r.ok === undefined ? '' : r.ok ? 'nådd' : 'ikke nådd'} |`,
    );
  await mkdir(path.join(root, 'build'), { recursive: true });
  await writeFile(
    path.join(root, 'build', 'bench.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, runs, rows }, null, 2) + '\n',
  );
  console.log('\nSkrev build/bench.json');
}

/** The floor: launch Chromium, load the final build/report.html, one page.pdf(), close. */
async function printFloor(dir: string): Promise<void> {
  const server = await serveStatic(path.join(dir, 'build'));
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(`${server.origin}/report.html`, { waitUntil: 'load' });
  await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true, timeout: 0 });
  await closeBrowser(browser);
  await server.close();
}

/** Save → updated page, measured in a real browser; and the preview's PDF with its warm browser. */
async function benchPreview(dir: string, chapter: string, original: string): Promise<{ save: number; pdf: number }> {
  const { startPreview } = await import('../src/preview/server.ts');
  const server = await startPreview({ root: dir, port: 0 });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('.chapter') !== null);
    const saves: number[] = [];
    for (let i = 1; i <= runs + 2; i++) {
      // Short words and digits only: long words get soft hyphens, which would hide the marker from includes().
      const marker = `Ny tekst ${i} ${Date.now()}`;
      const start = performance.now();
      await writeFile(chapter, `${original}\n${marker}\n`);
      // The text is in the DOM (textContent: innerText would lay out all 57 pages on every
      // mutation and measure itself), then one frame later it is on the screen.
      await page.waitForFunction(
        (m) => document.body.textContent?.includes(m),
        { timeout: 30_000, polling: 'mutation' },
        marker,
      );
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
      saves.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 300));
    }
    const { previewPrefix } = await import('../src/preview/messages.ts');
    const pdfLink = new URL(`${previewPrefix}/utkast.pdf`, server.url).href;
    await fetch(pdfLink); // warms the print browser
    // Each PDF is of a new draft (an edit first), so nothing can come from a cache.
    const pdfs: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const marker = `Ny side ${i} ${Date.now()}`;
      await writeFile(chapter, `${original}\n${marker}\n`);
      await page.waitForFunction(
        (m) => document.body.innerText.includes(m),
        { timeout: 30_000, polling: 'mutation' },
        marker,
      );
      const start = performance.now();
      const response = await fetch(pdfLink);
      if (!response.ok) throw new Error(`PDF ${response.status}`);
      await response.arrayBuffer();
      pdfs.push(performance.now() - start);
    }
    const pdf = median(pdfs);
    await writeFile(chapter, original);
    return { save: median(saves), pdf };
  } finally {
    await closeBrowser(browser);
    await server.close();
  }
}

await main();
