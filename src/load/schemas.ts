/**
 * The single source of truth for every input the writers edit. Data is validated where it
 * enters (the load stage); everything after it receives typed, already-valid objects.
 * `npm run schemas` writes JSON Schemas from these for editors (VS Code's YAML extension).
 */
import { z } from 'zod';

const text = (what: string) =>
  z
    .string({ error: `Skriv ${what} som tekst` })
    .trim()
    .min(1);
const citationKey = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
  error: 'Kildenøkler skrives med små bokstaver, tall og bindestrek, f.eks. kleven-2017',
});

/** One chapter in `report.yaml`'s `chapters` list: a Markdown file under content/chapters/. */
const chapterRef = z
  .string()
  .regex(/^chapters\/[a-z0-9][a-z0-9-]*\.md$/, {
    error: 'Kapitler oppgis som chapters/filnavn.md (små bokstaver, tall og bindestrek)',
  })
  .describe('Kapittelfil, relativt til content/');

/** `content/report.yaml`: the report's metadata and chapter order. */
export const reportSchema = z
  .strictObject({
    title: text('tittelen').describe('Rapportens tittel'),
    subtitle: text('undertittelen').optional().describe('Undertittel'),
    series: text('serien').describe('Rapportserie, f.eks. «IMDi-rapport»'),
    number: text('rapportnummeret').optional().describe('Nummer i serien, f.eks. «2025:3»'),
    date: z.iso
      .date({ error: 'Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2025-05-30' })
      .describe('Rapportens dato (ÅÅÅÅ-MM-DD)'),
    publisher: text('utgiveren').describe('Utgiver'),
    publisherShort: text('forkortelsen').describe('Utgiverens forkortelse, f.eks. IMDi'),
    recipient: text('mottakeren').describe('Mottaker'),
    lang: z.literal('nb', { error: 'Rapporten skrives på bokmål: lang: nb' }).describe('Språk (nb)'),
    isbn: z
      .string()
      .regex(/^97[89][- ]?(\d[- ]?){9}[\dX]$/, { error: 'ISBN skrives med 13 sifre, f.eks. 978-82-8246-000-0' })
      .optional()
      .describe('ISBN for PDF-utgaven (valgfritt)'),
    assignment: z
      .strictObject({
        id: text('oppdragsnummeret').describe('Oppdragsnummer, f.eks. 2024-26'),
        title: text('oppdragets tittel'),
        budget: z.number().int().nonnegative().describe('Ramme i kroner'),
        budgetLine: text('budsjettposten').describe('F.eks. «kap. 601, post 21»'),
        deadline: z.iso.date({ error: 'Skriv fristen som ÅÅÅÅ-MM-DD' }),
      })
      .describe('Oppdraget rapporten svarer på'),
    keywords: z.array(text('nøkkelordet')).default([]).describe('Nøkkelord (PDF-metadata)'),
    chapters: z.array(chapterRef).min(1).describe('Kapitlene i rekkefølge'),
  })
  .describe('Rapportens metadata og kapittelrekkefølge (content/report.yaml)');

/** A score from 0 (svakt) to 3 (sterkt) on one prioritisation criterion (defined in chapter 7). */
const score = z.number({ error: 'Skriv poengsummen som et helt tall fra 0 til 3' }).int().min(0).max(3);

/** The five prioritisation criteria, each scored 0–3; the sum decides the order of the recommended measures. */
export const scoreCriteria = ['effect', 'reach', 'costEffectiveness', 'feasibility', 'risk'] as const;

/** What the ministry needs to decide on a measure (required for every recommended measure, see load-project.ts). */
const decisionSchema = z
  .strictObject({
    action: text('den konkrete handlingen').optional().describe('Hva som konkret skal gjøres'),
    responsible: text('hvem som gjennomfører').optional().describe('Hvem som gjennomfører tiltaket'),
    decides: text('hvem som beslutter').optional().describe('Hvem som fatter beslutningen'),
    deadline: z.iso
      .date({ error: 'Skriv beslutningsfristen som ÅÅÅÅ-MM-DD, f.eks. 2026-02-01' })
      .optional()
      .describe('Frist for beslutning (ÅÅÅÅ-MM-DD)'),
    costLow: z.number().int().nonnegative().optional().describe('Kostnad, nedre anslag i kroner'),
    costHigh: z.number().int().nonnegative().optional().describe('Kostnad, øvre anslag i kroner'),
    costBasis: text('grunnlaget for kostnadsanslaget')
      .optional()
      .describe('Grunnlaget for anslaget, eller hva som er ukjent og hvordan det skal skaffes'),
    budgetPost: text('budsjettposten').optional().describe('Kap./post, med siste publiserte beløp'),
    givesWay: text('hva som må vike').optional().describe('For tiltak innenfor rammen: hva som må vike'),
    effect: text('forventet effekt')
      .optional()
      .describe('Forventet effekt, med kilde (Markdown-fritt; [@nøkkel] er lov)'),
    extraVoters: z
      .strictObject({
        low: z.number().int().nonnegative(),
        high: z.number().int().nonnegative(),
        arithmetic: text('regnestykket'),
      })
      .optional()
      .describe('IMDis avgrensede anslag over ekstra velgere, med regnestykket'),
    evaluation: text('hvordan tiltaket evalueres').optional().describe('Hvordan tiltaket skal evalueres'),
  })
  .describe('Beslutningsgrunnlaget');

/** One measure (tiltak) in `content/measures.yaml`. */
export const measureSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^T\d{2}$/, { error: 'Tiltaks-ID skrives som T og to sifre, f.eks. T03' })
      .describe('Unik ID, f.eks. T03'),
    title: text('tittelen').describe('Kort tittel'),
    description: text('beskrivelsen').describe('Hva tiltaket er og IMDis vurdering (Markdown, kan ha [@kilde])'),
    period: z
      .enum(['2025', '2027', 'long'])
      .describe(
        '2025 = før stortingsvalget 8. september 2025; 2027 = lokalvalget 2027 (statsbudsjettet 2027); long = lang sikt',
      ),
    group: z
      .enum(['within', 'new-money', 'own-means', 'outside'])
      .describe(
        'within = statlig, innenfor gjeldende rammer; new-money = krever nye midler; own-means = andre aktører med egne midler; outside = utenfor oppdraget',
      ),
    sector: z
      .enum(['authorities', 'voluntary', 'both'])
      .describe('authorities = myndighetene, voluntary = frivilligheten, both = begge'),
    actors: z.array(text('aktøren')).min(1).describe('Hvem som gjennomfører tiltaket'),
    questions: z
      .array(z.union([z.literal(1), z.literal(2)], { error: 'Spørsmål er 1 eller 2' }))
      .min(1)
      .describe('Hvilke av oppdragets spørsmål tiltaket svarer på'),
    evidence: z.array(citationKey).optional().describe('Kildenøkler for effekten'),
    evidenceLevel: z
      .enum(['strong', 'moderate', 'weak', 'none'])
      .optional()
      .describe('Hvor godt effekten er dokumentert'),
    cost: z
      .strictObject({
        amount: z.number().int().nonnegative().optional().describe('Kostnad i kroner, bare hvis kilden gir den'),
        note: text('kostnadsnotatet').describe('Forklaring (Markdown)'),
      })
      .optional()
      .describe('Kostnad, der kunnskapsgrunnlaget gir et anslag'),
    targetGroups: z.array(text('målgruppen')).optional().describe('Målgrupper'),
    priority: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('IMDis anbefalte prioritet (1 = høyest); utelates for tiltak IMDi ikke anbefaler'),
    verdict: text('IMDis begrunnelse').optional().describe('For tiltak IMDi ikke anbefaler: hvorfor ikke'),
    scores: z
      .strictObject({
        effect: score.describe('Dokumentert effekt'),
        reach: score.describe('Rekkevidde i grupper med lav deltakelse'),
        costEffectiveness: score.describe('Kostnadseffektivitet'),
        feasibility: score.describe('Gjennomførbar i tide'),
        risk: score.describe('Lav risiko (3 = lav risiko)'),
      })
      .optional()
      .describe('Poeng per prioriteringskriterium (0–3); summen bestemmer rekkefølgen'),
    decision: decisionSchema.optional(),
  })
  .describe('Et tiltak');

/** `content/measures.yaml`: a top-level list of measures. */
export const measuresSchema = z.array(measureSchema).describe('Tiltakslisten (content/measures.yaml)');

const person = z.union([
  z.strictObject({ family: text('etternavnet'), given: text('fornavnet').optional() }),
  z.strictObject({ literal: text('navnet') }),
]);
const cslDate = z.strictObject({
  'date-parts': z.array(z.array(z.number().int()).min(1).max(3)).min(1).max(2),
});

/** One bibliography entry (CSL-JSON fields, written as YAML). */
export const referenceSchema = z
  .strictObject({
    id: citationKey.describe('Nøkkelen som brukes i teksten: [@nøkkel]'),
    type: z.enum([
      'report',
      'article-journal',
      'webpage',
      'article-newspaper',
      'legislation',
      'bill',
      'book',
      'chapter',
      'dataset',
      'document',
      'post-weblog',
    ]),
    title: text('tittelen'),
    author: z.array(person).optional(),
    editor: z.array(person).optional(),
    issued: cslDate.optional().describe('Utgivelsesår; utelates når året ikke er kjent (u.å.)'),
    'container-title': text('tidsskriftet/nettstedet').optional(),
    'collection-title': text('serien').optional(),
    publisher: text('utgiveren').optional(),
    'publisher-place': text('utgiversted').optional(),
    number: z.union([z.string(), z.number()]).optional(),
    volume: z.union([z.string(), z.number()]).optional(),
    issue: z.union([z.string(), z.number()]).optional(),
    page: z.union([z.string(), z.number()]).optional(),
    DOI: z.string().optional(),
    URL: z.url({ error: 'Skriv en fullstendig nettadresse som begynner med https://' }).optional(),
    accessed: cslDate.optional(),
    note: z.string().optional(),
  })
  .describe('En kilde');

/** `content/references.yaml`: the bibliography. */
export const referencesSchema = z.array(referenceSchema).describe('Kildelisten (content/references.yaml)');

/** Front matter of a chapter file. */
export const frontMatterSchema = z.strictObject({
  title: text('kapitteltittelen').describe('Kapittelets tittel'),
  numbered: z.boolean().default(true).describe('false for Sammendrag og Referanser'),
  appendix: z.boolean().default(false).describe('true for vedlegg'),
});

/** A chart's data file under content/data/. */
export const chartSchema = z.strictObject({
  title: text('figurteksten'),
  type: z.enum(['bar', 'line']),
  unit: z.string().default(''),
  alt: text('den tekstlige beskrivelsen (alt)').describe('Tekstalternativ: hva figuren viser, med tallene'),
  source: z.array(citationKey).min(1),
  note: z.string().optional(),
  categories: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
  categoryLabel: z
    .string()
    .default('Kategori')
    .describe('Overskriften over kategoriene i figurens talltabell, f.eks. «År» eller «Gruppe»'),
  series: z
    .array(
      z.strictObject({
        name: z.union([z.string(), z.number()]).transform(String),
        values: z.array(z.number().nullable()),
      }),
    )
    .min(1),
});

export type ReportConfig = z.infer<typeof reportSchema>;
export type Measure = z.infer<typeof measureSchema>;
export type Reference = z.infer<typeof referenceSchema>;
export type FrontMatter = z.infer<typeof frontMatterSchema>;
export type ChartData = z.infer<typeof chartSchema>;
