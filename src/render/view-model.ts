/**
 * The data the templates draw: everything formatted in Norwegian here, so the templates stay
 * free of logic (Handlebars only places values).
 */
import { escapeHtml } from '../core/escape-html.ts';
import { formatDate, formatKroner, formatMonthYear, labels } from '../core/norwegian.ts';
import type { BibliographyEntry } from '../cite/citation-engine.ts';
import type { Measure, ReportConfig } from '../load/schemas.ts';
import type { HeadingInfo } from '../markdown/context.ts';
import type { BlockName } from '../markdown/plugins/remark-blocks.ts';

/** A piece of a chapter: Markdown output, or a generated block placed by a directive. */
export type Segment = { html: string } | { block: BlockName; recommendedOnly: boolean };

/** A chapter as the templates see it. */
export interface ChapterView {
  id: string;
  /** «3», «Vedlegg 1» or ''. */
  label: string;
  title: string;
  /** Running-head text («3 Status»), and the named page that carries it. */
  runningHead: string;
  pageName: string;
  appendix: boolean;
  segments: Segment[];
  headings: HeadingInfo[];
}

/** One measure, with every field as it is printed. */
export interface MeasureView {
  id: string;
  anchor: string;
  title: string;
  descriptionHtml: string;
  horizon: string;
  budget: string;
  budgetShort: string;
  withinBudget: boolean;
  sector: string;
  actors: string;
  questions: string;
  evidenceLevel: string;
  evidenceHtml: string;
  cost: string;
  costNoteHtml: string;
  targetGroups: string;
  priority: number | undefined;
  outsideFrame: boolean;
}

/** The measures matrix: rows = horizon, columns = budget. */
export interface MatrixView {
  rows: { label: string; cells: { label: string; measures: MeasureView[] }[] }[];
  columns: string[];
}

/** Everything the layout needs. */
export interface ReportView {
  report: {
    title: string;
    subtitle: string | undefined;
    series: string;
    number: string | undefined;
    seriesLine: string;
    dateLong: string;
    monthYear: string;
    year: string;
    publisher: string;
    publisherShort: string;
    recipient: string;
    isbn: string | undefined;
    keywords: string;
    assignment: { id: string; title: string; budget: string; budgetLine: string; deadline: string };
    lang: string;
  };
  chapters: ChapterView[];
  toc: { id: string; level: number; number: string; text: string }[];
  measures: MeasureView[];
  recommended: MeasureView[];
  matrix: MatrixView;
  bibliography: BibliographyEntry[];
  /** CSS for the per-chapter running heads (named pages). */
  pageCss: string;
}

/** A measure's Markdown fields, already rendered by the markdown stage. */
export interface MeasureHtml {
  description: string;
  costNote: string;
}

/** Turns a measure into its printed form. */
export function measureView(measure: Measure, html: MeasureHtml, cite: (key: string) => string): MeasureView {
  return {
    id: measure.id,
    anchor: `tiltak-${measure.id}`,
    title: measure.title,
    descriptionHtml: html.description,
    horizon: labels.horizon[measure.horizon],
    budget: labels.budget[measure.budget],
    budgetShort: labels.budgetShort[measure.budget],
    withinBudget: measure.budget === 'within',
    sector: labels.sector[measure.sector],
    actors: measure.actors.join(', '),
    questions: measure.questions.map((q) => String(q)).join(' og '),
    evidenceLevel: measure.evidenceLevel ? labels.evidenceLevel[measure.evidenceLevel] : '',
    evidenceHtml: (measure.evidence ?? []).map((key) => `<a href="#ref-${key}">${escapeHtml(cite(key))}</a>`).join('; '),
    cost: measure.cost?.amount !== undefined ? formatKroner(measure.cost.amount) : '',
    costNoteHtml: html.costNote,
    targetGroups: (measure.targetGroups ?? []).join(', '),
    priority: measure.priority,
    outsideFrame: measure.outsideFrame ?? false,
  };
}

/** The 2×2 matrix of horizon × budget. */
export function matrixView(measures: MeasureView[], raw: readonly Measure[]): MatrixView {
  const byId = new Map(raw.map((m) => [m.id, m]));
  const horizons = ['short', 'long'] as const;
  const budgets = ['within', 'outside'] as const;
  return {
    columns: budgets.map((b) => labels.budget[b]),
    rows: horizons.map((horizon) => ({
      label: labels.horizon[horizon],
      cells: budgets.map((budget) => ({
        label: `${labels.horizon[horizon]}, ${labels.budget[budget].toLowerCase()}`,
        measures: measures.filter((m) => byId.get(m.id)?.horizon === horizon && byId.get(m.id)?.budget === budget),
      })),
    })),
  };
}

/** The report's metadata, formatted. */
export function reportMeta(config: ReportConfig): ReportView['report'] {
  return {
    title: config.title,
    subtitle: config.subtitle,
    series: config.series,
    number: config.number,
    seriesLine: config.number ? `${config.series} ${config.number}` : config.series,
    dateLong: formatDate(config.date),
    monthYear: formatMonthYear(config.date),
    year: config.date.slice(0, 4),
    publisher: config.publisher,
    publisherShort: config.publisherShort,
    recipient: config.recipient,
    isbn: config.isbn,
    keywords: config.keywords.join(', '),
    assignment: {
      id: config.assignment.id,
      title: config.assignment.title,
      budget: formatKroner(config.assignment.budget),
      budgetLine: config.assignment.budgetLine,
      deadline: formatDate(config.assignment.deadline),
    },
    lang: config.lang,
  };
}

/** Escapes text for a CSS string literal. */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
}
