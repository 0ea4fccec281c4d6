/**
 * Review rounds. Starting a round saves what it was sent out with under review/runde-N/ (kept
 * in git): runde.json (number, date), avsnitt.json (the paragraphs, for «Endringer siden runde
 * N») and a copy of the content's text files. The folder is written beside its final name and
 * renamed into place, so a round is either complete or absent.
 */
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from '../pipeline/pipeline.ts';
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
    const info = await readFile(path.join(reviewDir(root), entry.name, 'runde.json'), 'utf8').then((t) => JSON.parse(t) as Round).catch(() => undefined);
    if (info && Number.isInteger(info.number)) rounds.push(info);
  }
  return rounds.sort((a, b) => a.number - b.number);
}

/** The last round with its paragraphs, or undefined before the first round. */
export async function latestRound(root: string): Promise<RoundSnapshot | undefined> {
  const last = (await listRounds(root)).at(-1);
  if (!last) return undefined;
  const paragraphs = JSON.parse(await readFile(path.join(roundDir(root, last.number), 'avsnitt.json'), 'utf8')) as Paragraph[];
  return { ...last, paragraphs };
}

/** Starts the next round from the content as it is now. Throws ContentError when the content has errors. */
export async function startRound(root: string, options: { date?: string; note?: string; now?: Date } = {}): Promise<Round> {
  const now = options.now ?? new Date();
  const date = options.date ?? localDate(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Datoen skal skrives ÅÅÅÅ-MM-DD (fikk «${date}»)`);
  const result = await build({ root, checkOnly: true });
  const page = decoratePage(result.html ?? '', chapterInfos(result), { mode: 'utkast', client: false, version: 0 });
  const number = ((await listRounds(root)).at(-1)?.number ?? 0) + 1;
  const round: Round = { number, date, started: now.toISOString(), ...(options.note ? { note: options.note } : {}) };
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
    throw error;
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
