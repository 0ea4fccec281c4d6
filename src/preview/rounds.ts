/**
 * Review rounds. Starting a round saves what it was sent out with under review/runde-N/ (kept
 * in git): runde.json (number, date), avsnitt.json (the paragraphs, for «Endringer siden runde
 * N») and a copy of the content's text files. The folder is written beside its final name and
 * renamed into place, so a round is either complete or absent.
 */
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from '../pipeline/pipeline.ts';
import { reportMetadata } from '../pdf/report-metadata.ts';
import { projectPaths } from '../core/project.ts';
import { collectAssets } from '../render/assets.ts';
import { draftDocx } from './exchange/draft-docx.ts';
import { printRoundPdf } from './exchange/draft-pdf-file.ts';
import { chapterInfos, decoratePage } from './page.ts';
import type { Paragraph } from './paragraphs.ts';

/** A round as saved. */
export interface Round {
  number: number;
  /** YYYY-MM-DD */
  date: string;
  /** When it was started (ISO). */
  started: string;
  note?: string;
}

/** A round with its paragraphs (for the diff). */
export interface RoundSnapshot extends Round {
  paragraphs: Paragraph[];
}

/** The folder that holds the rounds and the comments. */
export function reviewDir(root: string): string {
  return path.join(root, 'review');
}

/** Every round, oldest first. */
export async function listRounds(root: string): Promise<Round[]> {
  const entries = await readdir(reviewDir(root), { withFileTypes: true }).catch(() => []);
  const rounds: Round[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !/^runde-\d+$/.test(entry.name)) continue;
    const info = await readFile(path.join(reviewDir(root), entry.name, 'runde.json'), 'utf8')
      .then((t) => JSON.parse(t) as Round)
      .catch(() => undefined);
    if (info && Number.isInteger(info.number)) rounds.push(info);
  }
  return rounds.sort((a, b) => a.number - b.number);
}

/** The last round with its paragraphs, or undefined before the first round. */
export async function latestRound(root: string): Promise<RoundSnapshot | undefined> {
  const last = (await listRounds(root)).at(-1);
  if (!last) return undefined;
  const paragraphs = JSON.parse(
    await readFile(path.join(roundDir(root, last.number), 'avsnitt.json'), 'utf8'),
  ) as Paragraph[];
  return { ...last, paragraphs };
}

/** The folder where a round's draft goes out: build/runde-N/ (utkast.pdf, utkast.docx). */
export function draftDir(root: string, number: number): string {
  return path.join(projectPaths(root).build, `runde-${number}`);
}

/**
 * Starts the next round from the content as it is now, and writes the draft that goes out
 * (build/runde-N/utkast.pdf and utkast.docx; `drafts: false` leaves them out). Throws
 * ContentError when the content has errors; nothing is saved when the drafts cannot be made.
 */
export async function startRound(
  root: string,
  options: { date?: string; note?: string; now?: Date; drafts?: boolean } = {},
): Promise<Round> {
  const now = options.now ?? new Date();
  const date = options.date ?? localDate(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Datoen skal skrives ÅÅÅÅ-MM-DD (fikk «${date}»)`);
  const result = await build({ root, checkOnly: true });
  const page = decoratePage(result.html ?? '', chapterInfos(result), { mode: 'utkast', client: false, version: 0 });
  const number = ((await listRounds(root)).at(-1)?.number ?? 0) + 1;
  const round: Round = { number, date, started: now.toISOString(), ...(options.note ? { note: options.note } : {}) };
  // The draft that goes out, from the same page, written beside its folder first.
  const outDir = draftDir(root, number);
  const outTemp = `${outDir}.${process.pid}.tmp`;
  if (options.drafts !== false) {
    const marked = decoratePage(result.html ?? '', chapterInfos(result), {
      mode: 'utkast',
      client: false,
      version: 0,
      round: { number, date, paragraphs: [] },
    });
    const paths = projectPaths(root);
    const assets = await collectAssets(paths, result.images);
    const config = result.loaded.config!;
    await rm(outTemp, { recursive: true, force: true });
    await mkdir(outTemp, { recursive: true });
    try {
      const css = await readFile(path.join(root, 'templates', 'styles', 'report.css'), 'utf8').catch(() => '');
      const docx = await draftDocx({
        html: marked.html,
        assets: new Map(assets.map((a) => [a.target, a])),
        title: config.title,
        round: number,
        date,
        css,
      });
      await writeFile(path.join(outTemp, 'utkast.docx'), docx);
      await printRoundPdf({
        html: marked.html,
        assets,
        output: path.join(outTemp, 'utkast.pdf'),
        round: number,
        metadata: reportMetadata(config),
      });
    } catch (error) {
      await rm(outTemp, { recursive: true, force: true });
      throw error;
    }
  }
  const final = roundDir(root, number);
  const temp = path.join(reviewDir(root), `.runde-${number}.${process.pid}.tmp`);
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  try {
    await cp(path.join(root, 'content'), path.join(temp, 'content'), {
      recursive: true,
      filter: (source) => !/\.(png|jpe?g|gif|webp|svg|pdf)$/i.test(source),
    });
    await writeFile(path.join(temp, 'avsnitt.json'), JSON.stringify(page.paragraphs, null, 1) + '\n');
    await writeFile(path.join(temp, 'runde.json'), JSON.stringify(round, null, 2) + '\n');
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    await rm(outTemp, { recursive: true, force: true });
    throw error;
  }
  if (options.drafts !== false) {
    await rm(outDir, { recursive: true, force: true });
    await rename(outTemp, outDir);
  }
  return round;
}

function roundDir(root: string, number: number): string {
  return path.join(reviewDir(root), `runde-${number}`);
}

function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
