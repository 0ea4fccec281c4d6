/**
 * The data the templates draw: everything formatted in Norwegian here, so the templates stay
 * free of logic (Handlebars only places values).
 */
import { escapeHtml } from '../core/escape-html.ts';
import { formatDate, formatKroner, formatMonthYear, formatNumber, labels } from '../core/norwegian.ts';
import type { BibliographyEntry } from '../cite/citation-engine.ts';
import { scoreCriteria, type Measure, type ReportConfig } from '../load/schemas.ts';
import type { HeadingInfo } from '../markdown/context.ts';
import type { BlockName } from '../markdown/plugins/remark-blocks.ts';

/** A piece of a chapter: Markdown output, or a generated block placed by a directive. */
export type Segment =
  | { html: string }
  | { block: BlockName; recommendedOnly: boolean; filter: string; only: Record<string, boolean>; tableNumber: string };

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
  /** The period's label («Før stortingsvalget 8. september 2025», «Lokalvalget 2027», «Lang sikt»). */
  horizon: string;
  periodShort: string;
  /** The group's label, and a short form for tables. */
  budget: string;
  budgetShort: string;
  /** CSS class for the group's colour: group-within, group-new-money, group-own-means, group-outside. */
  groupClass: string;
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
  recommended: boolean;
  outsideFrame: boolean;
  verdictHtml: string;
  /** Score per criterion (in the order of scoreCriteria) and their sum; empty when not scored. */
  scores: number[];
  scoreTotal: number | undefined;
  /** Always there (empty texts for a measure without decision fields), so strict templates can test each field. */
  decision: DecisionView;
}

/** The decision fields, formatted. */
export interface DecisionView {
  actionHtml: string;
  responsible: string;
  decides: string;
  deadline: string;
  deadlineShort: string;
  costRange: string;
  /** For the decision table: the range, or what stands in for it. */
  costShort: string;
  costBasisHtml: string;
  budgetPostHtml: string;
  givesWayHtml: string;
  effectHtml: string;
  extraVoters: string;
  arithmeticHtml: string;
  evaluationHtml: string;
}

/** The measures matrix: rows = period, columns = group (recommended measures only). */
export interface MatrixView {
  rows: { label: string; cells: { label: string; className: string; measures: MeasureView[] }[] }[];
  columns: string[];
  /** Measures assessed but not recommended, and those outside the assignment (for the note under the table). */
  notRecommended: MeasureView[];
  outside: MeasureView[];
}

/** The «Hovedpunkter» box: the top five, the new money, and what must be decided before the 2025 election. */
export interface HighlightsView {
  top: MeasureView[];
  newMoney: string;
  newMoneyIds: string;
  newMoneyUnpriced: string;
  before2025: MeasureView[];
}

/** The labels this report prints for periods, groups and evidence (one label per grade everywhere). */
export const measureLabels = {
  period: { '2025': 'Før stortingsvalget 8. september 2025', '2027': 'Lokalvalget 2027', long: 'Lang sikt' },
  periodShort: { '2025': 'Før valget 2025', '2027': 'Lokalvalget 2027', long: 'Lang sikt' },
  group: {
    within: 'Statlig tiltak innenfor gjeldende rammer',
    'new-money': 'Krever nye midler',
    'own-means': 'Andre aktører, med egne midler',
    outside: 'Utenfor oppdraget',
  },
  groupShort: {
    within: 'Innenfor rammen',
    'new-money': 'Nye midler',
    'own-means': 'Egne midler',
    outside: 'Utenfor oppdraget',
  },
  evidenceLevel: { strong: 'Sterk', moderate: 'Moderat', weak: 'Svak', none: 'Ikke evaluert' },
  criteria: { effect: 'Effekt', reach: 'Rekkevidde', costEffectiveness: 'Kostnad', feasibility: 'Tid', risk: 'Risiko' },
} as const;

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
  highlights: HighlightsView;
  criteria: string[];
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
  const inline = (text: string | undefined) => (text ? inlineText(text, cite) : '');
  const d = measure.decision ?? {};
  const scores = measure.scores ? scoreCriteria.map((c) => measure.scores![c]) : [];
  return {
    id: measure.id,
    anchor: `tiltak-${measure.id}`,
    title: measure.title,
    descriptionHtml: html.description,
    horizon: measureLabels.period[measure.period],
    periodShort: measureLabels.periodShort[measure.period],
    budget: measureLabels.group[measure.group],
    budgetShort: measureLabels.groupShort[measure.group],
    groupClass: `group-${measure.group}`,
    withinBudget: measure.group === 'within',
    sector: labels.sector[measure.sector],
    actors: measure.actors.join(', '),
    questions: measure.questions.map((q) => String(q)).join(' og '),
    evidenceLevel: measure.evidenceLevel ? measureLabels.evidenceLevel[measure.evidenceLevel] : '',
    evidenceHtml: (measure.evidence ?? [])
      .map((key) => `<a href="#ref-${key}">${escapeHtml(cite(key))}</a>`)
      .join('; '),
    cost: measure.cost?.amount !== undefined ? formatKroner(measure.cost.amount) : '',
    costNoteHtml: html.costNote,
    targetGroups: (measure.targetGroups ?? []).join(', '),
    priority: measure.priority,
    recommended: measure.priority !== undefined,
    outsideFrame: measure.group === 'outside',
    verdictHtml: inline(measure.verdict),
    scores,
    scoreTotal: scores.length ? scores.reduce((a, b) => a + b, 0) : undefined,
    decision: {
      actionHtml: inline(d.action),
      responsible: d.responsible ?? '',
      decides: d.decides ?? '',
      deadline: d.deadline ? formatDate(d.deadline) : '',
      deadlineShort: d.deadline ? shortDate(d.deadline) : '',
      costRange: d.costLow !== undefined && d.costHigh !== undefined ? formatRange(d.costLow, d.costHigh) : '',
      costShort:
        d.costLow !== undefined && d.costHigh !== undefined
          ? formatRange(d.costLow, d.costHigh)
          : measure.group === 'within'
            ? 'Innenfor rammen'
            : measure.group === 'own-means'
              ? 'Egne midler'
              : 'Må prises (se kortet)',
      costBasisHtml: inline(d.costBasis),
      budgetPostHtml: inline(d.budgetPost),
      givesWayHtml: inline(d.givesWay),
      effectHtml: inline(d.effect),
      extraVoters: d.extraVoters ? `${formatNumber(d.extraVoters.low, 0)}–${formatNumber(d.extraVoters.high, 0)}` : '',
      arithmeticHtml: d.extraVoters ? inline(d.extraVoters.arithmetic) : '',
      evaluationHtml: inline(d.evaluation),
    },
  };
}

/** Plain text with [@key] citations: escaped, citations as links «(Bergh mfl. 2020)». */
export function inlineText(text: string, cite: (key: string) => string): string {
  return escapeHtml(text).replace(/\[(@[a-z0-9][a-z0-9-]*(?:;\s*@[a-z0-9][a-z0-9-]*)*)\]/g, (_, keys: string) => {
    const links = keys
      .split(';')
      .map((k) => k.trim().slice(1))
      .map((key) => `<a class="citation" href="#ref-${key}">${escapeHtml(cite(key))}</a>`);
    return `(${links.join('; ')})`;
  });
}

/** The citation keys in a plain-text field («[@a; @b]»), for checking them. */
export function citationKeysIn(text: string): string[] {
  return [...text.matchAll(/\[(@[a-z0-9][a-z0-9-]*(?:;\s*@[a-z0-9][a-z0-9-]*)*)\]/g)].flatMap((m) =>
    m[1]!.split(';').map((k) => k.trim().slice(1)),
  );
}

/** 2 800 000–4 100 000 → «2,8–4,1 mill. kr»; below a million in whole kroner. */
export function formatRange(low: number, high: number): string {
  if (high >= 1_000_000) {
    const m = (n: number) => formatNumber(Math.round(n / 100_000) / 10, n % 1_000_000 === 0 ? 0 : 1);
    return low === high ? `${m(low)}\u00a0mill. kr` : `${m(low)}–${m(high)}\u00a0mill. kr`;
  }
  return low === high ? `${formatNumber(low, 0)}\u00a0kr` : `${formatNumber(low, 0)}–${formatNumber(high, 0)}\u00a0kr`;
}

/** [A, B, C] → «A, B og C». */
function listNorwegian(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} og ${items.at(-1)}`;
}

/** «2026-02-01» → «1.2.2026». */
function shortDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}.${m}.${y}`;
}

/** The matrix of period × group, recommended measures only; the rest are named in a note. */
export function matrixView(measures: MeasureView[], raw: readonly Measure[]): MatrixView {
  const byId = new Map(raw.map((m) => [m.id, m]));
  const periods = ['2025', '2027', 'long'] as const;
  const groups = ['within', 'new-money', 'own-means'] as const;
  const recommended = measures.filter((m) => m.recommended).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  return {
    columns: groups.map((g) => measureLabels.group[g]),
    rows: periods.map((period) => ({
      label: measureLabels.period[period],
      cells: groups.map((group) => ({
        label: `${measureLabels.period[period]}, ${measureLabels.group[group].toLowerCase()}`,
        className: `group-${group}`,
        measures: recommended.filter((m) => byId.get(m.id)?.period === period && byId.get(m.id)?.group === group),
      })),
    })),
    notRecommended: measures.filter((m) => !m.recommended && !m.outsideFrame),
    outside: measures.filter((m) => m.outsideFrame),
  };
}

/** The «Hovedpunkter» box, summed from measures.yaml. */
export function highlightsView(recommended: MeasureView[], raw: readonly Measure[]): HighlightsView {
  const byId = new Map(raw.map((m) => [m.id, m]));
  const newMoney = recommended.filter((m) => byId.get(m.id)?.group === 'new-money');
  const priced = newMoney.filter(
    (m) => byId.get(m.id)?.decision?.costLow !== undefined && byId.get(m.id)?.decision?.costHigh !== undefined,
  );
  const low = priced.reduce((sum, m) => sum + byId.get(m.id)!.decision!.costLow!, 0);
  const high = priced.reduce((sum, m) => sum + byId.get(m.id)!.decision!.costHigh!, 0);
  return {
    top: recommended.slice(0, 5),
    newMoney: priced.length ? formatRange(low, high) : '',
    newMoneyIds: listNorwegian(priced.map((m) => m.id)),
    newMoneyUnpriced: listNorwegian(newMoney.filter((m) => !priced.includes(m)).map((m) => m.id)),
    before2025: recommended.filter((m) => {
      const deadline = byId.get(m.id)?.decision?.deadline;
      return deadline !== undefined && deadline < '2025-09-08';
    }),
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
