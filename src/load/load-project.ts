/**
 * Stage 1, load: reads every file the writers edit, validates each against its schema and
 * checks the links between them (unique IDs, known citation keys, chapter files that exist).
 * Everything after this stage receives typed, already-valid data.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Position } from 'unist';
import { displayPath, type ProjectPaths } from '../core/project.ts';
import type { Problems } from '../core/problems.ts';
import type { z } from 'zod';
import type { VFileMessage } from 'vfile-message';
import { validate, parseYaml, type YamlLocator } from './yaml-source.ts';
import { readText } from './read-text.ts';
import { cacheKey, type DiskCache } from '../cache/disk-cache.ts';
import { restoreMessages, storeMessages, type StoredMessage } from '../cache/stored-messages.ts';
import {
  chartSchema,
  frontMatterSchema,
  measureSchema,
  measuresSchema,
  scoreCriteria,
  referenceSchema,
  referencesSchema,
  reportSchema,
  type ChartData,
  type FrontMatter,
  type Measure,
  type Reference,
  type ReportConfig,
} from './schemas.ts';

/** A chapter larger than this is a mistake (a pasted data dump), not text: refuse it with a clear message. */
const maxChapterBytes = 2 * 1024 * 1024;

/** A chapter file: its text (front matter included, so positions stay true) and its front matter. */
export interface ChapterSource {
  /** Absolute path. */
  file: string;
  /** Path relative to the project, for messages. */
  display: string;
  /** Path relative to content/, as listed in report.yaml. */
  ref: string;
  text: string;
  frontMatter: FrontMatter;
}

/**
 * Everything the later stages need. Items that failed validation are left out (and reported);
 * the rest is loaded anyway so one run can report the problems of every file together.
 */
export interface LoadedReport {
  /** undefined when report.yaml has errors (the build then stops before rendering). */
  config: ReportConfig | undefined;
  /** IDs of measures and sources that exist but have errors: references to them are not reported again. */
  idsInError: Set<string>;
  measures: Measure[];
  references: Reference[];
  chapters: ChapterSource[];
  /** Chart data by path relative to content/ (e.g. `data/kst-2023.yaml`). */
  charts: Map<string, ChartData>;
  /** Every file under content/, relative to content/ (for image checks). */
  contentFiles: Set<string>;
  /** Where each measure's fields are in measures.yaml (for messages about them). */
  measurePositions: Map<string, { id?: Position; description?: Position; costNote?: Position }>;
}

/**
 * Parsed YAML files by path, reused while a file's text is unchanged (the preview rebuilds on
 * every save; parsing and validating the sources and measures is most of this stage's time).
 */
export type YamlCache = Map<
  string,
  { text: string; result: { data: unknown; raw: unknown; locator: YamlLocator } | undefined; messages: VFileMessage[] }
>;

/** Reads and validates all content. Returns undefined when errors were recorded in `problems`. */
export async function loadProject(
  paths: ProjectPaths,
  problems: Problems,
  yamlCache?: YamlCache,
  disk?: DiskCache,
): Promise<LoadedReport | undefined> {
  const show = (file: string) => displayPath(paths, file);
  const [contentFiles, sources] = await Promise.all([
    listFiles(paths.content),
    loadSources(paths, problems, show, yamlCache, disk),
  ]);
  const { config, chapterList, measures, references, idsInError, measurePositions } = sources;
  if (!chapterList) return undefined;
  const referenceIds = new Set(references.map((r) => r.id));
  const chapters = await readChapters(chapterList, paths, problems, show);
  const charts = await readCharts(paths, contentFiles, problems, show, referenceIds, idsInError);
  return { config, idsInError, measures, references, chapters, charts, contentFiles, measurePositions };
}

/** report.yaml, measures.yaml and references.yaml, and everything that follows from these three alone. */
interface Sources {
  config: ReportConfig | undefined;
  /** The chapters to read (also from a report.yaml with errors elsewhere); undefined when unreadable. */
  chapterList: readonly string[] | undefined;
  measures: Measure[];
  references: Reference[];
  idsInError: Set<string>;
  measurePositions: LoadedReport['measurePositions'];
}

/** Sources as plain JSON, with the problems found in the three files. */
interface StoredSources {
  config?: ReportConfig;
  chapterList?: string[];
  measures: Measure[];
  references: Reference[];
  idsInError: string[];
  measurePositions: [string, { id?: Position; description?: Position; costNote?: Position }][];
  messages: StoredMessage[][];
}

const sourceFiles = ['report.yaml', 'measures.yaml', 'references.yaml'] as const;

/**
 * Reads the three YAML files. Parsing and validating them is most of this stage's time (0,1 s
 * on a cold start), so a build with a disk cache (build/.cache/) reuses what the last build
 * made of exactly the same three texts, problems included.
 */
async function loadSources(
  paths: ProjectPaths,
  problems: Problems,
  show: (f: string) => string,
  yamlCache: YamlCache | undefined,
  disk: DiskCache | undefined,
): Promise<Sources> {
  const files = sourceFiles.map((name) => path.join(paths.content, name));
  const displays = files.map(show);
  const texts = await Promise.all(files.map((file, i) => readText(file, displays[i]!, problems)));
  const key = disk && texts.every((t) => t !== undefined) ? cacheKey('content', texts) : undefined;
  const stored = key ? await disk!.get<StoredSources>('content', key) : undefined;
  if (stored) {
    stored.messages.forEach((messages, i) => restoreMessages(problems.file(displays[i]!), messages));
    const { config, chapterList, measures, references } = stored;
    return {
      config,
      chapterList,
      measures,
      references,
      idsInError: new Set(stored.idsInError),
      measurePositions: new Map(stored.measurePositions),
    };
  }
  const before = displays.map((d) => problems.file(d).messages.length);
  const sources = parseSources(texts, displays, problems, yamlCache);
  if (key) {
    const messages = displays.map((d, i) => storeMessages(problems.file(d).messages.slice(before[i])));
    // A copy now: later steps may add to what they were given.
    const { config, chapterList, measures, references } = sources;
    disk!.set(
      'content',
      key,
      structuredClone({
        config,
        chapterList: chapterList && [...chapterList],
        measures,
        references,
        idsInError: [...sources.idsInError],
        measurePositions: [...sources.measurePositions],
        messages,
      } satisfies StoredSources),
    );
  }
  return sources;
}

/** Parses and validates the three files (see loadSources), and checks what links them. */
function parseSources(
  texts: (string | undefined)[],
  displays: string[],
  problems: Problems,
  yamlCache: YamlCache | undefined,
): Sources {
  const idsInError = new Set<string>();
  const [configFile, measuresFile, referencesFile] = [
    readYamlWithLocator(displays[0]!, texts[0], reportSchema),
    readYamlWithLocator(displays[1]!, texts[1], measuresSchema),
    readYamlWithLocator(displays[2]!, texts[2], referencesSchema),
  ];
  const config = configFile?.data;
  const chapterList = config?.chapters ?? salvageChapters(configFile?.raw);
  const measures = measuresFile?.data ?? salvage(measuresFile?.raw, measureSchema, idsInError);
  const references = referencesFile?.data ?? salvage(referencesFile?.raw, referenceSchema, idsInError);

  const referenceIds = new Set<string>();
  checkUnique(
    references.map((r) => r.id),
    'content/references.yaml',
    'kilde-ID',
    problems,
    undefined,
  );
  references.forEach((r) => referenceIds.add(r.id));

  const measurePositions: LoadedReport['measurePositions'] = new Map();
  if (measuresFile?.data) {
    const locator = measuresFile.locator;
    measures.forEach((m, i) =>
      measurePositions.set(m.id, {
        id: locator.position([i, 'id']),
        description: locator.position([i, 'description']),
        costNote: locator.position([i, 'cost', 'note']),
      }),
    );
    checkUnique(
      measures.map((m) => m.id),
      'content/measures.yaml',
      'tiltaks-ID',
      problems,
      (i) => locator.position([i, 'id']),
    );
    measures.forEach((m, i) =>
      m.evidence?.forEach((key, k) => {
        if (!referenceIds.has(key) && !idsInError.has(key))
          problems.add(
            'content/measures.yaml',
            'unknown-citation',
            { key, known: referenceIds },
            locator.position([i, 'evidence', k]),
          );
      }),
    );
    checkMeasureDecisions(
      measures,
      locator,
      problems,
      (key) => referenceIds.has(key) || idsInError.has(key),
      referenceIds,
    );
  }
  return { config, chapterList, measures, references, idsInError, measurePositions };

  /** Parses and validates one YAML file; `raw` is the parsed data even when it is invalid. */
  function readYamlWithLocator<T>(display: string, text: string | undefined, schema: z.ZodType<T>) {
    if (text === undefined) return undefined;
    const cached = yamlCache?.get(display);
    if (cached && cached.text === text) {
      if (cached.messages.length) problems.file(display).messages.push(...cached.messages);
      return cached.result as { data: T | undefined; raw: unknown; locator: YamlLocator } | undefined;
    }
    const before = problems.file(display).messages.length;
    const parsed = parseYaml({ path: display, text }, problems);
    const result = parsed && {
      data: validate(display, parsed.data, parsed.locator, schema, problems) as T | undefined,
      raw: parsed.data,
      locator: parsed.locator,
    };
    yamlCache?.set(display, { text, result, messages: problems.file(display).messages.slice(before) });
    return result;
  }
}

/** The decision fields a recommended measure must have, with the words the messages use. */
const requiredDecisionFields = [
  ['action', 'den konkrete handlingen'],
  ['responsible', 'hvem som gjennomfører'],
  ['decides', 'hvem som beslutter'],
  ['deadline', 'beslutningsfristen'],
  ['costBasis', 'kostnaden med grunnlag (eller hva som er ukjent og hvordan det skaffes)'],
  ['budgetPost', 'budsjettposten'],
  ['effect', 'forventet effekt'],
  ['evaluation', 'hvordan tiltaket evalueres'],
] as const;

/**
 * The rules for decision-ready measures (issue 13): every recommended measure has the decision
 * fields, a cost range given as both ends, an evidence grade and a score per criterion; a state
 * measure within the frames says what gives way; measures outside the assignment are not
 * prioritised; and the priority order follows the score sums. Each error is at its line.
 */
function checkMeasureDecisions(
  measures: Measure[],
  locator: YamlLocator,
  problems: Problems,
  isKnown: (key: string) => boolean,
  referenceIds: Set<string>,
): void {
  const file = 'content/measures.yaml';
  measures.forEach((m, i) => {
    const at = (...path: PropertyKey[]) => locator.position([i, ...path]) ?? locator.position([i, 'id']);
    const d = m.decision;
    if (m.group === 'outside' && m.priority !== undefined) {
      problems.add(file, 'measure-outside-priority', { id: m.id, priority: m.priority }, at('priority'));
    }
    if (d?.costLow !== undefined && d.costHigh === undefined)
      problems.add(file, 'measure-cost-range', { id: m.id, problem: 'no-high' }, at('decision', 'costLow'));
    if (d?.costHigh !== undefined && d.costLow === undefined)
      problems.add(file, 'measure-cost-range', { id: m.id, problem: 'no-low' }, at('decision', 'costHigh'));
    if (d?.costLow !== undefined && d.costHigh !== undefined && d.costLow > d.costHigh)
      problems.add(
        file,
        'measure-cost-range',
        { id: m.id, problem: 'reversed', low: d.costLow, high: d.costHigh },
        at('decision', 'costLow'),
      );
    if (d?.extraVoters && d.extraVoters.low > d.extraVoters.high)
      problems.add(file, 'measure-voters-range', { id: m.id }, at('decision', 'extraVoters'));
    for (const [field, value] of Object.entries(d ?? {})) {
      const texts =
        typeof value === 'string'
          ? [value]
          : field === 'extraVoters'
            ? [(value as { arithmetic: string }).arithmetic]
            : [];
      for (const key of texts.flatMap(citationKeys)) {
        if (!isKnown(key)) problems.add(file, 'unknown-citation', { key, known: referenceIds }, at('decision', field));
      }
    }
    for (const key of m.verdict ? citationKeys(m.verdict) : [])
      if (!isKnown(key)) problems.add(file, 'unknown-citation', { key, known: referenceIds }, at('verdict'));
    if (m.priority === undefined) return;
    const missing: string[] = requiredDecisionFields
      .filter(([field]) => d?.[field] === undefined)
      .map(([, words]) => words);
    if (m.group === 'within' && d?.givesWay === undefined) missing.push('hva som må vike innenfor rammen (givesWay)');
    if (m.evidenceLevel === undefined) missing.push('evidensgraden (evidenceLevel)');
    if (m.scores === undefined) missing.push('poeng per kriterium (scores)');
    if (missing.length) {
      const fields = [...requiredDecisionFields.map(([f]) => f), ...(m.group === 'within' ? ['givesWay'] : [])];
      problems.add(file, 'measure-not-decision-ready', { id: m.id, missing, fields }, d ? at('decision') : at('id'));
    }
  });
  const ranked = measures.filter((m) => m.priority !== undefined && m.scores).sort((a, b) => a.priority! - b.priority!);
  const total = (m: Measure) => scoreCriteria.reduce((sum, c) => sum + m.scores![c], 0);
  ranked.forEach((m, k) => {
    const before = ranked[k - 1];
    if (before && total(before) < total(m)) {
      problems.add(
        file,
        'measure-priority-order',
        {
          id: m.id,
          priority: m.priority!,
          other: before.id,
          otherPriority: before.priority!,
          score: total(m),
          otherScore: total(before),
        },
        locator.position([measures.indexOf(m), 'priority']),
      );
    }
    if (before && before.priority === m.priority) {
      problems.add(
        file,
        'measure-priority-order',
        { id: m.id, priority: m.priority!, other: before.id, otherPriority: before.priority! },
        locator.position([measures.indexOf(m), 'priority']),
      );
    }
  });
}

/** The citation keys in a plain-text field («[@a; @b]»). */
function citationKeys(text: string): string[] {
  return [...text.matchAll(/\[(@[a-z0-9][a-z0-9-]*(?:;\s*@[a-z0-9][a-z0-9-]*)*)\]/g)].flatMap((m) =>
    m[1]!.split(';').map((k) => k.trim().slice(1)),
  );
}

/** From an invalid list, the items that are valid on their own; the IDs of the others go to `idsInError`. */
function salvage<T>(raw: unknown, schema: z.ZodType<T>, idsInError: Set<string>): T[] {
  if (!Array.isArray(raw)) return [];
  const valid: T[] = [];
  for (const item of raw) {
    const result = schema.safeParse(item);
    if (result.success) valid.push(result.data);
    else if (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string')
      idsInError.add((item as { id: string }).id);
  }
  return valid;
}

/** The chapter list of a report.yaml that has errors elsewhere, so the chapters can still be checked. */
function salvageChapters(raw: unknown): string[] | undefined {
  const result = reportSchema.shape.chapters.safeParse((raw as { chapters?: unknown } | undefined)?.chapters);
  return result.success ? result.data : undefined;
}

/** Reads the chapters in report.yaml's order and validates their front matter. */
async function readChapters(
  chapterList: readonly string[],
  paths: ProjectPaths,
  problems: Problems,
  show: (f: string) => string,
) {
  const chapters: ChapterSource[] = [];
  const seen = new Set<string>();
  for (const ref of chapterList) {
    if (seen.has(ref)) {
      problems.add('content/report.yaml', 'duplicate-chapter', { chapter: ref }, undefined);
      continue;
    }
    seen.add(ref);
    const file = path.join(paths.content, ref);
    const size = await stat(file)
      .then((s) => s.size)
      .catch(() => 0);
    if (size > maxChapterBytes) {
      problems.add(
        show(file),
        'chapter-size',
        { megabytes: size / 1024 / 1024, limitMegabytes: maxChapterBytes / 1024 / 1024 },
        { line: 1, column: 1 },
      );
      continue;
    }
    const text = await readText(file, show(file), problems);
    if (text === undefined) continue;
    const frontMatter = readFrontMatter(text, show(file), problems);
    if (frontMatter) chapters.push({ file, display: show(file), ref, text, frontMatter });
  }
  return chapters;
}

/** Parses the `---` block at the top of a chapter, with line numbers true to the file. */
function readFrontMatter(text: string, display: string, problems: Problems): FrontMatter | undefined {
  if (text.trim() === '') {
    problems.add(display, 'empty-chapter', {}, { line: 1, column: 1 });
    return undefined;
  }
  const match = /^---\r?\n([\s\S]*?)\r?\n?---[ \t]*(\r?\n|$)/.exec(text);
  if (!match) {
    problems.add(display, 'front-matter-missing', {}, { line: 1, column: 1 });
    return undefined;
  }
  const yamlText = match[1] ?? '';
  const parsed = parseYaml({ path: display, text: yamlText, lineOffset: 1 }, problems);
  if (!parsed) return undefined;
  return validate(display, parsed.data ?? {}, parsed.locator, frontMatterSchema, problems);
}

/** Loads every chart data file under content/data/. */
async function readCharts(
  paths: ProjectPaths,
  contentFiles: Set<string>,
  problems: Problems,
  show: (f: string) => string,
  referenceIds: Set<string>,
  idsInError: Set<string>,
): Promise<Map<string, ChartData>> {
  const charts = new Map<string, ChartData>();
  const files = [...contentFiles].filter((f) => f.startsWith('data/') && /\.ya?ml$/.test(f)).sort();
  await Promise.all(
    files.map(async (ref) => {
      const file = path.join(paths.content, ref);
      const text = await readText(file, show(file), problems);
      if (text === undefined) return;
      const parsed = parseYaml({ path: show(file), text }, problems);
      if (!parsed) return;
      const data = validate(show(file), parsed.data, parsed.locator, chartSchema, problems);
      if (!data) return;
      data.series.forEach((s, i) => {
        if (s.values.length !== data.categories.length) {
          problems.add(
            show(file),
            'chart-length',
            { series: s.name, values: s.values.length, categories: data.categories.length },
            parsed.locator.position(['series', i, 'values']),
          );
        }
      });
      data.source.forEach((key, i) => {
        if (!referenceIds.has(key) && !idsInError.has(key))
          problems.add(
            show(file),
            'unknown-citation',
            { key, known: referenceIds },
            parsed.locator.position(['source', i]),
          );
      });
      charts.set(ref, data);
    }),
  );
  return charts;
}

function checkUnique(
  ids: string[],
  file: string,
  what: string,
  problems: Problems,
  place: ((i: number) => Position | undefined) | undefined,
) {
  const first = new Map<string, number>();
  ids.forEach((id, i) => {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else problems.add(file, 'duplicate-id', { kind: what, id, first: earlier + 1, second: i + 1 }, place?.(i));
  });
}

/** Every file below `dir`, relative to it, with forward slashes. */
async function listFiles(dir: string): Promise<Set<string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return new Set(
    entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')),
  );
}
