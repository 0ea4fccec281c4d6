/**
 * Every problem the pipeline can find in the writers' files, as data: for each rule id its
 * severity, what it catches and how to fix it in general (the table in docs/skriveveiledning.md
 * is generated from these, `npm run docs`), and the message and hint for one instance. Call sites
 * name a rule and pass its facts; no stage builds a writer's text itself. The hint is kept apart
 * from the message (on the vfile message's `note`) all the way to the terminal and the overlay.
 */
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { Point, Position } from 'unist';
import { closest } from './closest.ts';

/** Where a problem is: a point or a range in the file. */
export type Place = Point | Position | undefined;

/** One rule: `error` stops the build; `warning` does not (but `--strict` fails on it). */
export interface Rule<Args> {
  severity: 'error' | 'warning';
  /** What the rule catches, for the writing guide (Markdown). */
  title: string;
  /** How to fix it in general, for the writing guide (Markdown). */
  fix: string;
  /** What happened, in this instance (one line, Norwegian). */
  message(args: Args): string;
  /** What to do about it, in this instance (or nothing to add). */
  hint(args: Args): string | undefined;
}

/** A rule with its argument type (lets TypeScript check every call site's facts). */
function rule<Args = Record<string, never>>(definition: Rule<Args>): Rule<Args> {
  return definition;
}

/** A Word-import warning: its message and hint come from src/import/messages.ts. */
function importRule(title: string, fix: string): Rule<{ reason: string; hint: string }> {
  return { severity: 'warning', title, fix, message: ({ reason }) => reason, hint: ({ hint }) => hint };
}

/** «ا» (U+0627): a character and its code point, for messages. */
const describeCharacter = (char: string) =>
  `«${char}» (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const didYouMean = (suggestion: string | undefined, then: string, otherwise: string) =>
  suggestion ? `Mente du ${suggestion}? ${then}`.trim() : otherwise;

/** The rules, grouped by the stage that finds them; the writing guide lists them in this order. */
export const rules = {
  // ── YAML files (load) ────────────────────────────────────────────────────────────────────
  'yaml-syntax': rule<{ problem: string; parser: string }>({
    severity: 'error',
    title: 'YAML som ikke kan leses: feil innrykk, tabulator, manglende kolon, uavsluttet anførselstegn',
    fix: 'Bruk mellomrom (ikke tab) til innrykk; sett tekst med `:` eller `#` i anførselstegn',
    message: ({ problem, parser }) => `YAML-feil: ${problem} (${parser})`,
    hint: () =>
      'Sjekk innrykk (bruk mellomrom, ikke tab), kolon etter hvert feltnavn og at tekst med kolon eller # står i anførselstegn',
  }),
  'yaml-warning': rule<{ parser: string }>({
    severity: 'warning',
    title: 'YAML som kan leses, men som parseren advarer mot (f.eks. et ukjent `!merke`)',
    fix: 'Les advarselen og rett linjen',
    message: ({ parser }) => `YAML-advarsel: ${parser}`,
    hint: () => 'Rett linjen; advarselen stopper ikke byggingen, men npm run check -- --strict stopper på den',
  }),
  'schema-invalid-type': rule<{
    field: string;
    key: string;
    expected: string;
    actual: unknown;
    schemaHint: string | undefined;
  }>({
    severity: 'error',
    title: 'Feil type: tekst der det skal være en liste, osv., eller et felt som mangler',
    fix: 'Følg eksemplene over; lister skrives `[A, B]`',
    message: ({ field, expected, actual }) =>
      actual === undefined
        ? `Mangler ${field}`
        : `${capitalize(field)} skal være ${typeName(expected)}, men er ${describeValue(actual)}`,
    hint: ({ key, expected, actual, schemaHint }) =>
      schemaHint ?? (actual === undefined ? `Legg til feltet «${key}» (${typeName(expected)})` : hintForType(expected)),
  }),
  'schema-invalid-value': rule<{ field: string; key: string; actual: unknown; allowed: readonly unknown[] }>({
    severity: 'error',
    title: 'En verdi som ikke er tillatt (f.eks. `period: lang`), eller et felt som mangler',
    fix: 'Bruk en av verdiene meldingen lister opp',
    message: ({ field, actual }) =>
      actual === undefined
        ? `Mangler ${field}`
        : `${capitalize(field)} har verdien ${describeValue(actual)}, som ikke er tillatt`,
    hint: ({ key, actual, allowed }) => {
      const values = allowed.map(String);
      if (actual === undefined) return `Legg til feltet «${key}» med en av verdiene ${values.join(', ')}`;
      const suggestion = typeof actual === 'string' ? closest(actual, values) : undefined;
      return `Tillatte verdier: ${values.join(', ')}${suggestion ? `. Mente du «${suggestion}»?` : ''}`;
    },
  }),
  'schema-unrecognized-keys': rule<{ keys: string[]; where: string | undefined; known: string[] }>({
    severity: 'error',
    title: 'Ukjent felt, ofte en skrivefeil (`descripton`)',
    fix: 'Rett navnet; meldingen foreslår det nærmeste',
    message: ({ keys, where }) => `Ukjent felt «${keys.join('», «')}»${where ? ` i ${where}` : ''}`,
    hint: ({ keys, known }) => {
      const suggestion = closest(keys[0] ?? '', known);
      return suggestion
        ? `Mente du «${suggestion}»? Skrivefeil i feltnavn blir ikke oversett`
        : `Tillatte felt: ${known.join(', ')}`;
    },
  }),
  'schema-too-small': rule<{ field: string; origin: string; minimum: string; schemaHint: string | undefined }>({
    severity: 'error',
    title: 'Tom tekst eller tom liste',
    fix: 'Fyll inn',
    message: ({ field, origin, minimum }) =>
      `${capitalize(field)} ${origin === 'array' ? `må ha minst ${minimum} element` : origin === 'string' ? 'kan ikke være tom' : `må være minst ${minimum}`}`,
    hint: ({ schemaHint }) => schemaHint ?? 'Fyll inn verdien',
  }),
  'schema-too-big': rule<{ field: string; maximum: string; schemaHint: string | undefined }>({
    severity: 'error',
    title: 'Et tall eller en liste som er for stor',
    fix: 'Hold deg under grensen meldingen oppgir',
    message: ({ field, maximum }) => `${capitalize(field)} er for stor (høyst ${maximum})`,
    hint: ({ schemaHint }) => schemaHint,
  }),
  'schema-invalid-format': rule<{ field: string; actual: unknown; schemaHint: string | undefined }>({
    severity: 'error',
    title: 'Feil format (ID `T1` i stedet for `T01`, dato, ISBN, nettadresse)',
    fix: 'Følg formatet i meldingen',
    message: ({ field, actual }) => `${capitalize(field)} har feil format: ${describeValue(actual)}`,
    hint: ({ schemaHint }) => schemaHint,
  }),
  'schema-invalid-union': rule<{ field: string; actual: unknown; schemaHint: string | undefined }>({
    severity: 'error',
    title: 'En verdi som ikke er blant de tillatte (f.eks. et spørsmålsnummer som ikke er 1 eller 2)',
    fix: 'Følg meldingen',
    message: ({ field, actual }) => `${capitalize(field)} har verdien ${describeValue(actual)}, som ikke er tillatt`,
    hint: ({ schemaHint }) => schemaHint,
  }),
  'schema-invalid': rule<{ field: string; schemaHint: string | undefined }>({
    severity: 'error',
    title: 'En verdi skjemaet ikke godtar, av en annen grunn enn de over',
    fix: 'Følg meldingen, eller spør utviklerne',
    message: ({ field }) => `${capitalize(field)} er ikke gyldig`,
    hint: ({ schemaHint }) => schemaHint,
  }),
  'duplicate-id': rule<{ kind: string; id: string; first: number; second: number }>({
    severity: 'error',
    title: 'To tiltak eller kilder med samme ID',
    fix: 'Gi det ene en ny ID',
    message: ({ kind, id, first, second }) =>
      `Samme ${kind} «${id}» er brukt to ganger (nr. ${first} og nr. ${second})`,
    hint: ({ kind }) => `Gi det ene en ny, unik ${kind}`,
  }),
  'chart-length': rule<{ series: string; values: number; categories: number }>({
    severity: 'error',
    title: 'En serie i en datafil med feil antall verdier',
    fix: 'Én verdi per kategori',
    message: ({ series, values, categories }) =>
      `Serien «${series}» har ${values} verdier, men det er ${categories} kategorier`,
    hint: () => 'Gi én verdi per kategori (skriv null der tallet mangler)',
  }),

  // ── Decision-ready measures (load) ───────────────────────────────────────────────────────
  'measure-not-decision-ready': rule<{ id: string; missing: string[]; fields: string[] }>({
    severity: 'error',
    title: 'Et anbefalt tiltak (med `priority`) mangler beslutningsfelt, evidensgrad eller poeng',
    fix: 'Fyll inn feltene meldingen nevner, eller fjern `priority` hvis IMDi ikke anbefaler tiltaket',
    message: ({ id, missing }) => `Anbefalt tiltak ${id} mangler ${missing.join(', ')}`,
    hint: ({ fields }) =>
      `Et anbefalt tiltak skal være klart til beslutning: fyll inn feltene under decision: (${fields.join(', ')}), evidenceLevel og scores, eller fjern priority hvis IMDi ikke anbefaler tiltaket`,
  }),
  'measure-outside-priority': rule<{ id: string; priority: number }>({
    severity: 'error',
    title: 'Et tiltak utenfor oppdraget (`group: outside`) med prioritet',
    fix: 'Fjern `priority`: tiltak utenfor oppdraget står i egen liste',
    message: ({ id, priority }) => `${id} er utenfor oppdraget (group: outside), men har prioritet ${priority}`,
    hint: () => 'Fjern priority: tiltak utenfor oppdraget står i egen liste og rangeres ikke',
  }),
  'measure-cost-range': rule<{ id: string; problem: 'no-high' | 'no-low' | 'reversed'; low?: number; high?: number }>({
    severity: 'error',
    title: 'Et kostnadsspenn med bare én ende, eller som går baklengs',
    fix: 'Skriv både `costLow` og `costHigh` i kroner, lavest først',
    message: ({ id, problem, low, high }) =>
      problem === 'reversed'
        ? `Kostnadsspennet i ${id} går baklengs (${low} > ${high})`
        : `Kostnadsspennet i ${id} mangler ${problem === 'no-high' ? 'øvre' : 'nedre'} anslag`,
    hint: ({ problem }) =>
      problem === 'reversed'
        ? 'Sett det laveste anslaget i costLow og det høyeste i costHigh'
        : 'Skriv både costLow og costHigh (kroner), eller ingen av dem og forklar i costBasis hva som er ukjent',
  }),
  'measure-voters-range': rule<{ id: string }>({
    severity: 'error',
    title: 'Et anslag over ekstra velgere som går baklengs',
    fix: 'Sett det laveste anslaget i `low` og det høyeste i `high`',
    message: ({ id }) => `Anslaget over ekstra velgere i ${id} går baklengs`,
    hint: () => 'Sett det laveste anslaget i low og det høyeste i high',
  }),
  'measure-priority-order': rule<{
    id: string;
    priority: number;
    other: string;
    otherPriority: number;
    score?: number;
    otherScore?: number;
  }>({
    severity: 'error',
    title: 'Prioriteten følger ikke poengsummen, eller to tiltak har samme prioritet',
    fix: 'Bytt prioritetene, eller rett poengene hvis de er satt feil',
    message: ({ id, priority, other, otherPriority, score, otherScore }) =>
      score === undefined
        ? `${id} og ${other} har samme prioritet (${priority})`
        : `${id} har prioritet ${priority} og poengsum ${score}, høyere enn ${other} med prioritet ${otherPriority} og poengsum ${otherScore}`,
    hint: ({ score }) =>
      score === undefined
        ? 'Gi hvert anbefalte tiltak sitt eget nummer'
        : 'Rekkefølgen skal følge poengsummen (høyest først): bytt prioritetene, eller rett poengene hvis de er satt feil',
  }),
  // ── Files and chapters (load) ────────────────────────────────────────────────────────────
  'file-missing': rule<{ code: string | undefined }>({
    severity: 'error',
    title: 'En fil i `chapters:` (eller en mal) som ikke finnes eller ikke kan leses',
    fix: 'Rett filnavnet eller opprett filen',
    message: ({ code }) =>
      code === 'ENOENT' ? 'Filen finnes ikke' : `Filen kan ikke leses (${code ?? 'ukjent grunn'})`,
    hint: ({ code }) =>
      code === 'ENOENT'
        ? 'Sjekk filnavnet, eller opprett filen'
        : 'Sjekk at filen ikke er låst eller skrivebeskyttet mot lesing',
  }),
  encoding: rule({
    severity: 'error',
    title: 'Filen er ikke lagret som UTF-8 (æøå blir feil)',
    fix: 'Lagre på nytt som UTF-8',
    message: () => 'Filen er ikke lagret som UTF-8',
    hint: () =>
      'Lagre filen på nytt med tegnkoding UTF-8 (i VS Code: klikk på tegnkodingen nederst til høyre → «Save with Encoding» → UTF-8)',
  }),
  'duplicate-chapter': rule<{ chapter: string }>({
    severity: 'error',
    title: 'Samme kapittel to ganger i `chapters:`',
    fix: 'Fjern den ene linjen',
    message: ({ chapter }) => `Kapittelet «${chapter}» står to ganger i chapters`,
    hint: () => 'Fjern den ene linjen',
  }),
  'chapter-size': rule<{ megabytes: number; limitMegabytes: number }>({
    severity: 'error',
    title: 'En kapittelfil som er urimelig stor (over grensen på noen MB)',
    fix: 'Del kapittelet opp, eller fjern det som er limt inn ved en feil',
    message: ({ megabytes, limitMegabytes }) =>
      `Kapittelet er på ${megabytes.toFixed(1).replace('.', ',')} MB; grensen er ${limitMegabytes} MB`,
    hint: () =>
      'Del kapittelet opp, eller sjekk at det ikke er limt inn noe ved en feil (en hel rapport er sjelden over 1 MB tekst)',
  }),
  'empty-chapter': rule({
    severity: 'error',
    title: 'Tom kapittelfil',
    fix: 'Start filen med front matter',
    message: () => 'Kapittelfilen er tom',
    hint: () => 'Skriv minst en front matter med tittel: ---\\ntitle: …\\n---',
  }),
  'front-matter-missing': rule({
    severity: 'error',
    title: 'Kapittelet mangler `---`/`title:` øverst',
    fix: 'Start filen med front matter',
    message: () => 'Kapittelet mangler front matter med tittel',
    hint: () => 'Start filen med tre linjer: «---», «title: Kapittelets tittel», «---»',
  }),

  // ── Chapters (markdown) ──────────────────────────────────────────────────────────────────
  'unknown-measure': rule<{ id: string; suggestion: { id: string; title: string } | undefined }>({
    severity: 'error',
    title: '`:tiltak[T33]` der T33 ikke finnes',
    fix: 'Bruk en ID fra `measures.yaml`',
    message: ({ id }) => (id ? `Ukjent tiltak «${id}» i :tiltak[${id}]` : 'Tom tiltaksreferanse :tiltak[]'),
    hint: ({ suggestion }) =>
      suggestion
        ? `Mente du ${suggestion.id} («${suggestion.title}»)? Tiltakene står i content/measures.yaml`
        : 'Bruk en ID fra content/measures.yaml, f.eks. :tiltak[T01]',
  }),
  'unknown-citation': rule<{ key: string; known: Iterable<string> }>({
    severity: 'error',
    title: '`[@nøkkel]` (eller en kilde i en YAML-fil) som ikke står i `references.yaml`',
    fix: 'Rett nøkkelen eller legg inn kilden',
    message: ({ key }) => `Ukjent kilde «${key}»`,
    hint: ({ key, known }) =>
      didYouMean(
        quote(closest(key, [...known])),
        'Kildene står i content/references.yaml',
        'Legg kilden inn i content/references.yaml, eller rett nøkkelen',
      ),
  }),
  'citation-syntax': rule<{ item: string }>({
    severity: 'error',
    title: 'En kildehenvisning som ikke kan leses',
    fix: 'Skriv `[@nøkkel]` eller `[@nøkkel, s. 12]`',
    message: ({ item }) => `Kildehenvisningen «${item}» kan ikke leses`,
    hint: () => 'Skriv [@nøkkel] eller [@nøkkel, s. 12]; flere kilder skilles med semikolon: [@a; @b]',
  }),
  'uncited-number': rule<{ number: string }>({
    severity: 'warning',
    title: 'Et tall (prosent, kroner, prosentpoeng) i et avsnitt uten kildehenvisning',
    fix: 'Legg `[@kilde]` i avsnittet (én gang holder når én kilde bærer hele avsnittet); er det IMDis egen beregning, si det',
    message: ({ number }) => `Tallet «${number}» står i et avsnitt uten kildehenvisning`,
    hint: () =>
      'Legg til [@kilde] i avsnittet; er tallet IMDis eget anslag eller beregning, si det og vis til kildene det bygger på',
  }),
  'image-missing': rule<{ url: string; expected: string }>({
    severity: 'error',
    title: 'Bilde som ikke finnes',
    fix: 'Legg bildet i `content/images/` og vis til det med en relativ sti',
    message: ({ url, expected }) => `Finner ikke bildet «${url}» (ventet content/${expected})`,
    hint: () => 'Sjekk filnavnet (store og små bokstaver teller), eller legg bildet i content/images/',
  }),
  'image-outside': rule<{ url: string }>({
    severity: 'error',
    title: 'Bilde som ligger utenfor `content/`',
    fix: 'Legg bildet i `content/images/`',
    message: ({ url }) => `Bildet «${url}» ligger utenfor content/`,
    hint: () => 'Legg bildet i content/images/ og vis til det med ../images/filnavn',
  }),
  'image-remote': rule<{ url: string }>({
    severity: 'error',
    title: 'Bilde som ligger på nettet',
    fix: 'Last ned bildet og legg det i `content/images/`',
    message: ({ url }) => `Bildet «${url}» ligger på nettet`,
    hint: () =>
      'Last ned bildet, legg det i content/images/ og vis til det med en relativ sti, f.eks. ../images/figur.png',
  }),
  'image-alt': rule<{ url: string }>({
    severity: 'error',
    title: 'Bilde uten alternativ tekst',
    fix: 'Skriv hva bildet viser: `![Kart over …](../images/kart.png)`',
    message: ({ url }) => `Bildet «${url}» mangler alternativ tekst`,
    hint: () => 'Skriv hva bildet viser mellom klammene: ![Kart over …](…)',
  }),
  'figure-data': rule<{ src: string; suggestion: string | undefined }>({
    severity: 'error',
    title: '`::figur` uten gyldig datafil',
    fix: 'Rett stien (relativ til `content/`)',
    message: ({ src }) => (src ? `Finner ikke figurdata «${src}»` : '::figur mangler data="…"'),
    hint: ({ suggestion }) =>
      didYouMean(
        suggestion && `data="${suggestion}"`,
        'Stien er relativ til content/',
        'Legg datafilen i content/data/ og skriv ::figur{data="data/filnavn.yaml"}',
      ),
  }),
  'figure-too-many-series': rule<{ src: string; count: number; max: number }>({
    severity: 'warning',
    title: 'En figur med flere serier enn diagrammet har farger og linjetyper til',
    fix: 'Del figuren i to, eller slå sammen serier; tallene kan stå i en tabell',
    message: ({ src, count, max }) =>
      `Figuren «${src}» har ${count} serier, men diagrammet kan skille bare ${max} fra hverandre`,
    hint: ({ max }) =>
      `Med flere enn ${max} serier går farger og markører igjen, og leseren kan ikke se hvilken linje eller stolpe som er hvilken. Del figuren, eller vis tallene som tabell`,
  }),
  'heading-level': rule({
    severity: 'error',
    title: '`#` i kapitteltekst',
    fix: 'Bruk `##`; tittelen står i front matter',
    message: () => 'Overskrift på nivå 1 (#) i kapittelteksten',
    hint: () => 'Kapittelets tittel står i front matter (title:); bruk ## for avsnittsoverskrifter',
  }),
  'heading-order': rule<{ previous: number; depth: number }>({
    severity: 'warning',
    title: 'En overskrift som hopper over et nivå',
    fix: 'Bruk `##` og `###` i rekkefølge',
    message: ({ previous, depth }) => `Overskriften hopper fra nivå ${previous} til nivå ${depth}`,
    hint: ({ previous }) => `Bruk ${'#'.repeat(previous + 1)} her`,
  }),
  'heading-depth': rule<{ depth: number }>({
    severity: 'warning',
    title: 'En overskrift på nivå 4 eller dypere (`####`)',
    fix: 'Bruk `##` og `###`',
    message: ({ depth }) => `Overskrift på nivå ${depth} kommer ikke med i innholdsfortegnelsen`,
    hint: () => 'Rapporten bruker nivå ## og ###',
  }),
  'link-target': rule<{ url: string }>({
    severity: 'error',
    title: 'Lenke til en fil',
    fix: 'Bruk en full nettadresse eller `#overskrift-med-bindestrek`',
    message: ({ url }) => `Lenken «${url}» peker på en fil, ikke på en nettadresse eller et sted i rapporten`,
    hint: () => 'Bruk en full nettadresse (https://…) eller et anker i rapporten (#overskrift)',
  }),
  'raw-html': rule<{ tag: string | undefined }>({
    severity: 'error',
    title: 'HTML-kode i teksten (`<span>`, `<script>`)',
    fix: 'Bruk Markdown',
    message: ({ tag }) =>
      tag ? `HTML-koden <${tag}> er ikke tillatt i kapitlene` : 'HTML-kode er ikke tillatt i kapitlene',
    hint: () =>
      'Bruk Markdown i stedet (f.eks. **fet**, lister, tabeller); for kommentarer til andre skribenter, bruk <!-- … -->',
  }),
  'unknown-directive': rule<{ directive: string; suggestion: string | undefined; known: string[] }>({
    severity: 'error',
    title: 'Ukjent `::blokk`',
    fix: 'Se syntakstabellen over',
    message: ({ directive }) => `Ukjent blokk ${directive}`,
    hint: ({ suggestion, known }) => didYouMean(suggestion, '', `Kjente blokker: ${known.join(', ')}`),
  }),
  'block-option': rule<{ block: string; option: string; allowed: string[] }>({
    severity: 'error',
    title: 'Et valg en blokk ikke kjenner (`::kilder{alle}`)',
    fix: 'Se syntakstabellen over',
    message: ({ block, option }) => `::${block} kjenner ikke valget «${option}»`,
    hint: ({ block, allowed }) =>
      allowed.length ? `Tillatt: ${allowed.join(', ')}` : `Skriv bare ::${block} på en egen linje`,
  }),
  'block-options': rule<{ block: string; options: string[] }>({
    severity: 'error',
    title: 'En blokk med flere valg enn ett (`::tiltakstabell{anbefalt beslutning}`)',
    fix: 'Skriv én blokk per tabell',
    message: ({ block, options }) =>
      `::${block} kan bare ha ett valg, men har ${options.map((a) => `«${a}»`).join(' og ')}`,
    hint: ({ block, options }) => `Skriv én blokk per tabell, f.eks. ::${block}{${options[0]}}`,
  }),
  'lang-code': rule<{ text: string; code: string | undefined }>({
    severity: 'error',
    title: '`:lang[…]` uten språkkode, eller med en kode som ikke finnes (`{123}`)',
    fix: 'Skriv én kode: `:lang[العربية]{ar}`',
    message: ({ text, code }) =>
      code ? `Ukjent språkkode «${code}» i :lang[${text}]` : `:lang[${text}] mangler språkkode`,
    hint: () =>
      'Skriv én kode fra BCP 47 i krøllparentes, f.eks. :lang[العربية]{ar}, {ckb} sorani, {fa} persisk, {ur} urdu, {ti} tigrinja, {am} amharisk, {uk} ukrainsk',
  }),
  'lang-script': rule<{
    text: string;
    tag: string;
    written: string;
    expected: string;
    language: string;
    writtenCode: string;
  }>({
    severity: 'warning',
    title: 'Språkkoden passer ikke til skriften (`:lang[українська]{ar}`)',
    fix: 'Rett koden; translitterert tekst får skriften i koden: `:lang[Kurdî]{ckb-Latn}`',
    message: ({ text, tag, written, expected }) =>
      `«${text}» er skrevet med ${written} skrift, men {${tag}} skrives vanligvis med ${expected} skrift`,
    hint: ({ language, writtenCode }) =>
      `Rett koden; er teksten translitterert, skriv skriften i koden: {${language}-${writtenCode}}`,
  }),
  'lang-missing': rule<{ text: string; script: string; languages: string }>({
    severity: 'warning',
    title: 'Etiopisk skrift uten språkkode: tigrinja eller amharisk?',
    fix: '`:lang[ትግርኛ]{ti}` eller `:lang[አማርኛ]{am}`',
    message: ({ text, script }) => `«${text}» står i ${script} uten språkkode`,
    hint: ({ text, languages }) => `Skriv hvilket språk det er, f.eks. :lang[${text}]{ti} – ${languages}`,
  }),
  'missing-glyph': rule<{ char: string; hex: string; script: string }>({
    severity: 'error',
    title: 'Et tegn som ingen av rapportens skrifter har (meldingen sier hvilket, med kodepunkt og skrift)',
    fix: 'Skriv det på en annen måte, eller be utviklerne legge inn en skrift',
    message: ({ char, hex, script }) => `Tegnet «${char}» (U+${hex}, ${script}) finnes ikke i rapportens skrifter`,
    hint: () =>
      'Skriv det med et annet tegn (eller translitterert med latinske bokstaver), eller legg til en skrift fra @fontsource som har det i src/fonts/fallback-fonts.ts (se «Skrifter» i README.md)',
  }),
  'table-empty-cell': rule({
    severity: 'warning',
    title: 'En tom celle i en tabell',
    fix: 'Skriv `..` for et tall som ikke finnes eller ikke er publisert (som SSB), og si hva det betyr under tabellen',
    message: () => 'Tom celle i tabellen',
    hint: () =>
      'Skriv .. for et tall som ikke finnes eller ikke er publisert, og si under tabellen hva det betyr; en tom celle kommer ikke med i PDF-ens struktur, så skjermlesere mister en kolonne',
  }),
  unfinished: rule({
    severity: 'warning',
    title: '`:::uferdig` står igjen',
    fix: 'Skriv ferdig og fjern blokken',
    message: () => 'Teksten her er merket som uferdig',
    hint: () => 'Skriv ferdig teksten og fjern :::uferdig før rapporten sendes',
  }),
  'xref-syntax': rule<{ label: string }>({
    severity: 'error',
    title: '`:ref[…]` med et ugyldig merke',
    fix: 'Merker skrives med små bokstaver, tall og bindestrek',
    message: ({ label }) => `:ref[${label}] har et ugyldig merke`,
    hint: () => 'Merker skrives med små bokstaver, tall og bindestrek, f.eks. :ref[figur-botid]',
  }),

  // ── The whole report (build) ─────────────────────────────────────────────────────────────
  'xref-unknown': rule<{ label: string; suggestion: string | undefined }>({
    severity: 'error',
    title: '`:ref[merke]` uten figur, tabell eller kapittel med det merket',
    fix: 'Gi figuren/tabellen merket (`{#merke}`)',
    message: ({ label }) => `Ukjent merke «${label}» i :ref[${label}]`,
    hint: ({ suggestion }) =>
      didYouMean(
        suggestion && `:ref[${suggestion}]`,
        '',
        'Gi figuren et merke med ::figur{#merke data="…"}, eller tabellen med {#merke} sist i tabellteksten',
      ),
  }),
  'xref-duplicate': rule<{ label: string; elsewhere: string }>({
    severity: 'error',
    title: 'Samme merke på to figurer eller tabeller',
    fix: 'Gi hver figur og tabell et eget merke',
    message: ({ label, elsewhere }) => `Merket «${label}» er brukt to ganger (også i ${elsewhere})`,
    hint: () => 'Gi hver figur og tabell et eget merke',
  }),
  'link-anchor': rule<{ target: string; suggestion: string | undefined }>({
    severity: 'error',
    title: 'Lenke til et anker som ikke finnes',
    fix: 'Bruk `#overskrift-med-bindestrek`',
    message: ({ target }) => `Lenken #${target} peker ikke på noe sted i rapporten`,
    hint: ({ suggestion }) =>
      didYouMean(
        suggestion && `#${suggestion}`,
        'Ankeret er overskriften med små bokstaver og bindestrek',
        'Ankeret er en overskrift i samme kapittel, skrevet med små bokstaver og bindestrek (f.eks. #valgdeltakelse-over-tid)',
      ),
  }),
  'measure-unused': rule<{ id: string; title: string }>({
    severity: 'warning',
    title: 'Et tiltak som ikke er nevnt i teksten',
    fix: 'Vis til det med `:tiltak[ID]`',
    message: ({ id, title }) => `Tiltak ${id} («${title}») er ikke nevnt i teksten`,
    hint: ({ id }) => `Vis til det med :tiltak[${id}] der det drøftes, eller fjern det`,
  }),
  'reference-unused': rule<{ id: string }>({
    severity: 'warning',
    title: 'En kilde i kildelisten som teksten ikke bruker',
    fix: 'Vis til den, eller fjern den',
    message: ({ id }) => `Kilden «${id}» er ikke brukt i teksten`,
    hint: ({ id }) => `Vis til den med [@${id}], eller fjern den fra kildelisten`,
  }),
  'measures-list-missing': rule({
    severity: 'error',
    title: 'Teksten viser til tiltak, men `::tiltakstabell` mangler',
    fix: 'Sett blokken inn (vanligvis i et vedlegg)',
    message: () => 'Teksten viser til tiltak, men ingen kapitler har den fullstendige tiltakslisten',
    hint: () => 'Sett ::tiltakstabell i et kapittel (vanligvis et vedlegg)',
  }),
  'bibliography-missing': rule({
    severity: 'error',
    title: 'Teksten har kildehenvisninger, men `::kilder` mangler',
    fix: 'Sett blokken inn i kapittelet Referanser',
    message: () => 'Teksten har kildehenvisninger, men ingen kapitler har kildelisten',
    hint: () => 'Sett ::kilder i kapittelet Referanser',
  }),

  // ── Images (prepared for print) ──────────────────────────────────────────────────────────
  'image-svg-font': rule<{ image: string; font: string | undefined; characters: string[]; reportFont: string }>({
    severity: 'error',
    title: 'En SVG-figur med tekst i et tegn rapportens skrift ikke har',
    fix: 'Eksporter figuren med teksten som kurver/omriss, som PNG, eller bytt tegnet',
    message: ({ image, font, characters, reportFont }) =>
      `Bildet «${image}» har tekst${font ? ` i skriften «${font}»` : ''} med ${characters.length === 1 ? 'tegnet' : 'tegnene'} ${characters.slice(0, 5).map(describeCharacter).join(', ')}, som rapportens skrift (${reportFont}) ikke har`,
    hint: () =>
      'Eksporter figuren med teksten gjort om til kurver/omriss (i Excel og PowerPoint: lagre som PNG), eller bytt ut tegnet i figurens tekst',
  }),
  'image-large': rule<{ image: string; width: number; height: number; max: number }>({
    severity: 'warning',
    title: 'Et bilde som er større enn utskriften trenger (skaleres ned)',
    fix: 'Eksporter bildet med høyst 2 400 piksler på den lengste siden',
    message: ({ image, width, height, max }) =>
      `Bildet «${image}» er ${width} × ${height} piksler; det skaleres ned til høyst ${max} piksler for PDF-en`,
    hint: ({ max }) =>
      `Eksporter bildet med høyst ${max} piksler på den lengste siden (300 ppi over en A4-side) for å slippe advarselen`,
  }),
  // ── Word drafts (npm run import) ─────────────────────────────────────────────────────────
  // The texts are made by src/import/messages.ts, which knows the document; these say what each
  // warning is about, for the writing guide.
  'import-citation': importRule(
    'Word-import: noe som ser ut som en kildehenvisning skrevet som tekst («(Bergh mfl. 2020)»)',
    'Gjør den om til `[@nøkkel]`; meldingen foreslår nøkkelen',
  ),
  'import-image-alt': importRule(
    'Word-import: et bilde uten alternativ tekst i Word',
    'Skriv hva bildet viser mellom klammene i kapittelet',
  ),
  'import-image-format': importRule(
    'Word-import: et bilde i et format rapporten ikke kan vise (EMF, WMF)',
    'Lagre bildet som PNG eller SVG og bytt det ut',
  ),
  'import-merged-cells': importRule(
    'Word-import: en tabell med sammenslåtte celler',
    'Del cellene opp igjen i kapittelet',
  ),
  'import-title': importRule(
    'Word-import: dokumentet har ingen tittel eller overskrift først',
    'Rett `title:` øverst i kapittelet',
  ),
  'import-comment-anchor': importRule(
    'Word-import: en Word-kommentar som ikke kunne knyttes nøyaktig til et avsnitt',
    'Sjekk i forhåndsvisningen at kommentaren står ved riktig avsnitt',
  ),
  'import-comment-lost': importRule(
    'Word-import: en Word-kommentar uten avsnitt å stå ved',
    'Les kommentaren i meldingen og legg den inn for hånd',
  ),
  'import-word-style': importRule(
    'Word-import: en Word-stil importen ikke kjenner',
    'Sjekk at teksten med stilen ble riktig',
  ),
  'import-word': importRule('Word-import: noe annet mammoth meldte om dokumentet', 'Sjekk at teksten der ble riktig'),
  // ── The printing browser ─────────────────────────────────────────────────────────────────
  'browser-version': rule<{ browser: string; pinned: string | undefined; file: string }>({
    severity: 'warning',
    title: 'PDF-en er laget med en annen nettleserversjon enn den `nettleser.json` sier at rapporten bygges med',
    fix: 'Bruk samme nettleser som de andre skribentene (README: «Samme nettleser for alle»), eller slett `nettleser.json` når alle bytter',
    message: ({ browser, pinned, file }) =>
      pinned === undefined
        ? `${file} sier ikke hvilken nettleser rapporten bygges med`
        : `PDF-en er laget med ${browser}, men ${file} sier at rapporten bygges med ${pinned}: linjeskift og sidetall kan bli annerledes enn hos de andre skribentene`,
    hint: ({ browser, pinned, file }) =>
      pinned === undefined
        ? `Slett ${file}, så skriver neste «npm run report» den på nytt`
        : `Bruk samme nettleser som de andre (se «Samme nettleser for alle» i README.md), eller slett ${file} hvis alle skal bytte til ${browser}`,
  }),
  // ── Templates (render) ───────────────────────────────────────────────────────────────────
  'template-syntax': rule<{ problem: string }>({
    severity: 'error',
    title: 'Syntaksfeil i en mal i `templates/` (sjelden skribentenes ansvar)',
    fix: 'Meld fra til utviklerne',
    message: ({ problem }) => `Syntaksfeil i malen: ${problem}`,
    hint: () => 'Sjekk at alle {{#…}} har en {{/…}} og at klammene er parvise',
  }),
  'template-partial': rule<{ name: string }>({
    severity: 'error',
    title: 'En mal bruker en delmal som ikke finnes',
    fix: 'Meld fra til utviklerne',
    message: ({ name }) => `Malen bruker delmalen «${name}», som ikke finnes`,
    hint: ({ name }) => `Opprett templates/partials/${name}.hbs eller rett navnet`,
  }),
  'template-field': rule<{ field: string; suggestion: string | undefined }>({
    severity: 'error',
    title: 'En mal bruker et felt som ikke finnes (f.eks. `{{report.titel}}`)',
    fix: 'Meld fra til utviklerne',
    message: ({ field }) => `Malen bruker feltet «${field}», som ikke finnes`,
    hint: ({ suggestion }) =>
      didYouMean(suggestion && `«${suggestion}»`, '', 'Feltene malene kan bruke, står i src/render/view-model.ts'),
  }),
  'template-helper': rule<{ name: string }>({
    severity: 'error',
    title: 'En mal kaller en hjelpefunksjon som ikke finnes (f.eks. `{{formatKr x}}`)',
    fix: 'Meld fra til utviklerne',
    message: ({ name }) => `Malen kaller hjelpefunksjonen «${name}», som ikke finnes`,
    hint: () =>
      'Malene kan bruke if, unless, each, with og lookup; tall og datoer formateres i src/render/view-model.ts',
  }),
  'template-render': rule<{ problem: string }>({
    severity: 'error',
    title: 'En mal som feiler når den fylles ut',
    fix: 'Meld fra til utviklerne',
    message: ({ problem }) => `Malen kunne ikke fylles ut: ${problem}`,
    hint: () => undefined,
  }),
} as const;

/** The id of a rule (`unknown-citation`, …). */
export type RuleId = keyof typeof rules;

/** The facts a rule's message and hint are made from. */
export type RuleArgs<Id extends RuleId> = (typeof rules)[Id] extends Rule<infer Args> ? Args : never;

/**
 * Records a problem on a file: the rule's message as the reason, its hint as the note, its
 * severity as `fatal`. Every stage reports through this (Problems.add, the Markdown plugins).
 */
export function addProblem<Id extends RuleId>(file: VFile, id: Id, args: RuleArgs<Id>, place: Place): VFileMessage {
  const definition = rules[id] as Rule<RuleArgs<Id>>;
  const message = file.message(definition.message(args), { place, ruleId: id, source: 'imdi-rapport' });
  message.fatal = definition.severity === 'error';
  const hint = definition.hint(args);
  if (hint) message.note = hint;
  return message;
}

function quote(text: string | undefined): string | undefined {
  return text === undefined ? undefined : `«${text}»`;
}

/** A zod type name as a writer reads it. */
function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'tekst',
    number: 'et tall',
    int: 'et heltall',
    boolean: 'true eller false',
    array: 'en liste',
    object: 'en samling felt (nøkkel: verdi)',
    date: 'en dato (ÅÅÅÅ-MM-DD)',
  };
  return names[expected] ?? expected;
}

function hintForType(expected: string): string {
  switch (expected) {
    case 'array':
      return 'Skriv en liste, f.eks. [A, B] eller én verdi per linje med «- » foran';
    case 'string':
      return 'Sett teksten i anførselstegn hvis den ser ut som et tall eller en dato';
    case 'number':
    case 'int':
      return 'Skriv tallet uten mellomrom og enhet, f.eks. 350000';
    case 'object':
      return 'Skriv feltene på egne linjer med innrykk under';
    default:
      return 'Rett verdien';
  }
}

/** A YAML value as a writer reads it in a message. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'ingenting';
  if (value === null) return 'tom (null)';
  if (typeof value === 'string') return `«${value}»`;
  if (Array.isArray(value)) return 'en liste';
  if (value instanceof Date) return `datoen ${value.toISOString().slice(0, 10)}`;
  if (typeof value === 'object') return 'en samling felt';
  return String(value);
}
