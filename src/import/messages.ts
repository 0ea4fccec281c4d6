/**
 * Every message the Word import shows, in one place, so they can move into the rule catalogue
 * as a whole. Each says what happened and what to do; `ruleId`s name the warnings.
 */

/** The largest Word file the import reads (a chapter with a few pictures is far smaller). */
export const maxDocxBytes = 50 * 1024 * 1024;

/** The most a Word file may unpack to (text, pictures and all): a chapter is far below it. */
export const maxUnpackedBytes = 300 * 1024 * 1024;

/** Why an import was refused (nothing is written): the reason and the fix. */
export interface RefusalText {
  reason: string;
  hint: string;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;

/** Bad input: the document or the target chapter. Exit code 1. */
export const refusals = {
  notFound: (file: string): RefusalText => ({
    reason: `Finner ikke filen ${file}`,
    hint: 'Sjekk navnet og mappen; sett navnet i anførselstegn hvis det har mellomrom: npm run import -- "Mitt utkast.docx"',
  }),
  notAFile: (file: string): RefusalText => ({
    reason: `${file} er en mappe, ikke et Word-dokument`,
    hint: 'Oppgi selve .docx-filen',
  }),
  tooLarge: (file: string, bytes: number): RefusalText => ({
    reason: `${file} er for stor (${mb(bytes)}; grensen er ${mb(maxDocxBytes)})`,
    hint: 'Store filer skyldes nesten alltid bilder: komprimer bildene i Word (Fil → Komprimer bilder) eller ta dem ut og importer dem for seg',
  }),
  unpacksTooLarge: (file: string, limit: number): RefusalText => ({
    reason: `${file} pakkes ut til mer enn ${mb(limit)}, så den blir ikke lest (den kan være skadet)`,
    hint: 'Åpne den i Word og lagre den på nytt; er den fortsatt så stor, del den opp i flere kapitler',
  }),
  empty: (file: string): RefusalText => ({
    reason: `${file} er tom (0 byte)`,
    hint: 'Åpne dokumentet i Word og lagre det på nytt som .docx',
  }),
  encrypted: (file: string): RefusalText => ({
    reason: `${file} er passordbeskyttet (kryptert), så teksten kan ikke leses`,
    hint: 'Åpne det i Word, fjern passordet (Fil → Info → Beskytt dokument → Krypter med passord, tøm feltet), lagre og importer på nytt',
  }),
  oldWord: (file: string): RefusalText => ({
    reason: `${file} er et gammelt Word-dokument (.doc, Word 97–2003), ikke .docx`,
    hint: 'Åpne det i Word og velg Fil → Lagre som → Word-dokument (*.docx), og importer den nye filen',
  }),
  pdf: (file: string): RefusalText => ({
    reason: `${file} er en PDF, ikke et Word-dokument (selv om navnet kan si noe annet)`,
    hint: 'Importer Word-filen PDF-en ble laget fra; en PDF kan ikke gjøres om til et kapittel',
  }),
  openDocument: (file: string): RefusalText => ({
    reason: `${file} er et OpenDocument-dokument (LibreOffice/.odt), ikke .docx`,
    hint: 'Åpne det og lagre det som Word-dokument (.docx), og importer den nye filen',
  }),
  otherOffice: (file: string, kind: string): RefusalText => ({
    reason: `${file} er ${kind}, ikke et Word-dokument`,
    hint: 'Importer en Word-fil (.docx)',
  }),
  lockFile: (file: string): RefusalText => ({
    reason: `${file} er Words låsefil for et dokument som er åpent, ikke selve dokumentet`,
    hint: 'Importer filen med samme navn uten ~$ foran',
  }),
  notDocx: (file: string): RefusalText => ({
    reason: `${file} er ikke et Word-dokument (.docx)`,
    hint: 'Åpne filen i Word og lagre den som Word-dokument (*.docx), og importer den nye filen',
  }),
  damaged: (file: string, detail: string): RefusalText => ({
    reason: `${file} kan ikke leses som Word-dokument (${detail})`,
    hint: 'Åpne den i Word (Word kan ofte reparere den) og lagre på nytt som .docx',
  }),
  badChapterName: (name: string): RefusalText => ({
    reason: `«${name}» kan ikke brukes som kapittelfil`,
    hint: 'Bruk et navn som 05-navn.md: tall, bindestrek, små bokstaver uten mellomrom, og .md til slutt (ingen mapper)',
  }),
  chapterExists: (file: string): RefusalText => ({
    reason: `Kapittelet ${file} finnes allerede`,
    hint: 'Velg et annet navn med --kapittel 11-navn.md, eller skriv over det med --overskriv (teksten i det gamle kapittelet går tapt)',
  }),
  noProject: (root: string): RefusalText => ({
    reason: `Finner ikke content/report.yaml i ${root}`,
    hint: 'Kjør kommandoen i prosjektmappen (der package.json er), eller oppgi den med --root',
  }),
  reportYaml: (detail: string): RefusalText => ({
    reason: `content/report.yaml kan ikke leses, så kapittelet kan ikke legges til (${detail})`,
    hint: 'Rett report.yaml (npm run check viser hvor), eller importer uten --legg-til og legg kapittelet inn selv',
  }),
  noText: (file: string): RefusalText => ({
    reason: `${file} har ingen tekst å importere`,
    hint: 'Sjekk at det er riktig fil; topp- og bunntekst tas ikke med',
  }),
};

/** Warnings about the imported chapter (it is written; the writer tidies it). */
/** The warnings' rule ids (each in the rule catalogue, src/core/rules.ts). */
export type ImportRuleId =
  | 'import-citation'
  | 'import-image-alt'
  | 'import-image-format'
  | 'import-merged-cells'
  | 'import-title'
  | 'import-comment-anchor'
  | 'import-comment-lost'
  | 'import-word-style'
  | 'import-word';

/** One warning: what happened, what to do, and its rule. */
export interface ImportWarning {
  reason: string;
  hint: string;
  ruleId: ImportRuleId;
}

export const warnings = {
  citation: (text: string, suggestion: string | undefined, candidates: readonly string[], narrative = false) => ({
    reason: `Ser ut som en kildehenvisning: «${text}»`,
    hint:
      (narrative
        ? 'Rapporten setter hele henvisningen i parentes, så skriv setningen om med henvisningen sist. '
        : '') +
      (suggestion
        ? `Skriv den som ${suggestion} (nøkkelen fra references.yaml), ellers kommer kilden ikke med i kildelisten`
        : candidates.length > 0
          ? `Skriv den som [@nøkkel]; disse nøklene i references.yaml passer: ${candidates.join(', ')}`
          : 'Skriv den som [@nøkkel] med nøkkelen fra content/references.yaml (legg inn kilden der hvis den mangler)'),
    ruleId: 'import-citation' as const,
  }),
  altMissing: (image: string) => ({
    reason: `Bildet ${image} har ingen alternativ tekst i Word`,
    hint: 'Skriv hva bildet viser mellom klammene i ![…](…) og fjern TODO-merknaden; uten alternativ tekst stopper byggingen (image-alt)',
    ruleId: 'import-image-alt' as const,
  }),
  imageFormat: (image: string, type: string) => ({
    reason: `Bildet ${image} er i formatet ${type}, som rapporten ikke kan vise`,
    hint: 'Lagre bildet som PNG eller SVG (høyreklikk i Word → Lagre som bilde) og bytt filen',
    ruleId: 'import-image-format' as const,
  }),
  mergedCells: () => ({
    reason:
      'Tabellen hadde sammenslåtte celler i Word; Markdown-tabeller kan ikke slå sammen celler, så innholdet står i den første cellen',
    hint: 'Sjekk at kolonnene stemmer, og del opp eller gjenta teksten der det trengs',
    ruleId: 'import-merged-cells' as const,
  }),
  headingTitle: () => ({
    reason: 'Dokumentet begynner ikke med en overskrift, så kapittelets tittel er laget av filnavnet',
    hint: 'Rett title: øverst i filen',
    ruleId: 'import-title' as const,
  }),
  commentAnchor: (author: string) => ({
    reason: `Kommentaren fra ${author} står ikke ved et avsnitt (for eksempel i en tabell), så den er festet til avsnittet foran`,
    hint: 'Se etter den i forhåndsvisningen',
    ruleId: 'import-comment-anchor' as const,
  }),
  commentLost: (author: string, text: string) => ({
    reason: `Kommentaren fra ${author} («${text.length > 60 ? `${text.slice(0, 59)}…` : text}») kunne ikke festes til noe avsnitt, fordi kapittelet ikke har tekst`,
    hint: 'Den er ikke lagt i kommentarloggen; skriv den inn i forhåndsvisningen når kapittelet har tekst',
    ruleId: 'import-comment-lost' as const,
  }),
  wordNote: (note: string) => {
    const style = note.match(/^Unrecognised (paragraph|run) style: (?:'([^']*)'|null)(?: \(Style ID: ([^)]*)\))?/);
    return style
      ? {
          reason: `Word-stilen «${style[2] || style[3]}» er ukjent for importen; ${style[1] === 'paragraph' ? 'avsnittene' : 'teksten'} med den er tatt med som vanlig tekst`,
          hint: 'Sjekk de avsnittene; bruk Words innebygde stiler (Overskrift 1–3, Sitat, lister) for det som skal bli overskrift, sitat eller liste',
          ruleId: 'import-word-style' as const,
        }
      : { reason: `Word-dokumentet: ${note}`, hint: 'Sjekk at teksten der ble riktig', ruleId: 'import-word' as const };
  },
};

/** The text put in the chapter where an image has no alt text. */
export const altTodo =
  'TODO: Skriv alternativ tekst for bildet under (hva det viser, med tallene) mellom klammene i ![…]';

/** What the command prints when it is done. */
export const summary = {
  written: (file: string) => `Skrev ${file}`,
  image: (file: string, reused: boolean) => (reused ? `Brukte ${file} (samme bilde fantes fra før)` : `Skrev ${file}`),
  comments: (count: number, file: string) =>
    `La ${count} ${count === 1 ? 'kommentar' : 'kommentarer'} fra Word inn i ${file}`,
  commentsKnown: (count: number) =>
    `${count} ${count === 1 ? 'kommentar' : 'kommentarer'} fra Word sto allerede i kommentarloggen (fra en tidligere import) og ble ikke lagt inn på nytt`,
  added: (ref: string, before: string | undefined) =>
    `La ${ref} til i content/report.yaml (chapters:), ${before ? `foran ${before}` : 'sist'}; flytt linjen der hvis kapittelet skal stå et annet sted`,
  alreadyListed: (ref: string) => `${ref} står allerede i content/report.yaml`,
  notAdded: (ref: string) =>
    `Kapittelet er ikke lagt inn i rapporten ennå: legg «- ${ref}» inn under chapters: i content/report.yaml, eller importer med --legg-til`,
  citations: (count: number) =>
    count === 1
      ? '1 sted ser ut som en kildehenvisning; skriv den som [@nøkkel] (se advarselen over)'
      : `${count} steder ser ut som kildehenvisninger; skriv dem som [@nøkkel] (se advarslene over)`,
  next: 'Kjør npm run check for å kontrollere kapittelet.',
  nothingWritten: 'Ingenting ble skrevet.',
};

/** `npm run import -- --help`. */
export const usage = `Bruk: npm run import -- <utkast.docx> [valg]   gjør et Word-dokument om til et kapittel i content/chapters/

Valg:
  --kapittel <navn.md>  filnavnet på kapittelet (standard: neste nummer + Word-filens navn, f.eks. 11-utkast.md)
  --legg-til            legg kapittelet inn i chapters: i content/report.yaml
  --overskriv           skriv over et kapittel med samme navn
  --root <mappe>        prosjektmappen (standard: denne)

Tar med: overskrifter, lister, tabeller, fotnoter, fet og kursiv, lenker, bilder (til content/images/)
og kommentarene (til review/kommentarer.jsonl). Kildehenvisninger blir stående som tekst, med en advarsel.`;

/** What the command line says about its own arguments (exit code 2). */
export const usageErrors = {
  noFile: 'Oppgi Word-filen.',
  severalFiles: (count: number) => `Oppgi én Word-fil om gangen (fikk ${count}).`,
  internal: 'Intern feil i imdi-rapport (ikke en feil i dokumentet ditt). Meld fra til utviklerne med teksten under:',
};
