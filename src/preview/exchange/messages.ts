/**
 * What `npm run round -- hent` says: refusals (nothing is filed; exit code 1) and the summary.
 * Each refusal says what happened and what to do, as the Word import's do (src/import/messages.ts).
 */
import type { RefusalText } from '../../import/messages.ts';

/** Bad input to `hent`. */
export const fetchRefusals = {
  noFile: (): RefusalText => ({
    reason: 'Oppgi filen med kommentarene',
    hint: 'npm run round -- hent "utkast med kommentarer.pdf" (eller en .docx)',
  }),
  notFound: (file: string): RefusalText => ({
    reason: `Finner ikke filen ${file}`,
    hint: 'Sjekk navnet og mappen; sett navnet i anførselstegn hvis det har mellomrom',
  }),
  noRound: (): RefusalText => ({
    reason: 'Ingen kommentarrunde er startet, så kommentarene har ingen runde å høre til',
    hint: 'Start en runde med npm run round -- start, og send ut build/runde-N/utkast.pdf eller utkast.docx',
  }),
  encrypted: (file: string): RefusalText => ({
    reason: `${file} er passordbeskyttet (kryptert), så kommentarene kan ikke leses`,
    hint: 'Be den som kommenterte om å lagre PDF-en uten passord (i Acrobat: Fil → Egenskaper → Sikkerhet → Ingen sikkerhet), eller åpne den selv og lagre en kopi uten passord',
  }),
  damagedPdf: (file: string, detail: string): RefusalText => ({
    reason: `${file} kan ikke leses som PDF (${detail})`,
    hint: 'Åpne den i en PDF-leser og lagre en kopi, og hent kommentarene fra kopien',
  }),
  notOurPdf: (file: string): RefusalText => ({
    reason: `${file} er ikke et utkast fra en kommentarrunde (den mangler rundemerket i dokumentinformasjonen)`,
    hint: 'Kommentarene må skrives i build/runde-N/utkast.pdf fra npm run round -- start; en annen PDF har ikke avsnittsnumrene kommentarene festes til',
  }),
  otherRound: (file: string, fileRound: number, current: number): RefusalText => ({
    reason: `${file} er utkastet fra runde ${fileRound}, men runde ${current} er den som pågår`,
    hint: `Kommentarene hører til et eldre utkast. Be om kommentarer på build/runde-${current}/utkast.pdf, eller skriv dem inn i forhåndsvisningen`,
  }),
  otherRoundWord: (file: string, fileRound: number, current: number): RefusalText => ({
    reason: `${file} er Word-utkastet fra runde ${fileRound}, men runde ${current} er den som pågår`,
    hint: `Be om kommentarer på build/runde-${current}/utkast.docx, eller skriv dem inn i forhåndsvisningen`,
  }),
  noAnnotations: (file: string): RefusalText => ({
    reason: `${file} har ingen kommentarer (notater, markeringer, tekstbokser eller svar)`,
    hint: 'Sjekk at det er filen med kommentarene, og at den ble lagret etter at kommentarene ble skrevet',
  }),
  noWordComments: (file: string): RefusalText => ({
    reason: `${file} har ingen kommentarer og ingen sporede endringer`,
    hint: 'Sjekk at det er filen med kommentarene; i Word: Se gjennom → Spor endringer må være på når teksten endres, og kommentarer settes inn med Se gjennom → Ny kommentar',
  }),
};

/** What `round start` adds about the draft that goes out. */
export const draftSummary = {
  written: (pdf: string, docx: string, round: number) =>
    `Utkastet som sendes ut: ${pdf} og ${docx} (merket «UTKAST – runde ${round}», med avsnittsnumrene).`,
  fetchHint: 'Kommentarene hentes inn med: npm run round -- hent <fil>',
};

/** What `hent` prints when it is done. */
export const fetchSummary = {
  filed: (count: number, file: string, log: string) =>
    `La ${count} ${count === 1 ? 'kommentar' : 'kommentarer'} fra ${file} inn i ${log}`,
  known: (count: number) =>
    `${count} ${count === 1 ? 'kommentar' : 'kommentarer'} var hentet før og ble ikke lagt inn på nytt`,
  unplaced: (count: number) =>
    `${count} ${count === 1 ? 'kommentar' : 'kommentarer'} kunne ikke festes til et avsnitt og står som «uten plassering» (se dem i forhåndsvisningen under «Alle kommentarer»):`,
  unplacedItem: (name: string, page: number | undefined, text: string) =>
    `  ${name}${page ? `, side ${page}` : ''}: «${text.length > 70 ? `${text.slice(0, 69)}…` : text}»`,
  next: 'Se kommentarene i npm run preview.',
  nothingFiled: 'Ingenting ble lagt inn.',
};

/** How an imported comment that is a tracked change reads in the log. */
export const suggestionText = {
  insert: (text: string) => `Forslag (sporet endring): sett inn «${text}»`,
  delete: (text: string) => `Forslag (sporet endring): slett «${text}»`,
  replace: (removed: string, added: string) => `Forslag (sporet endring): bytt «${removed}» med «${added}»`,
};

/** Shown for a highlight without a note. */
export const highlightOnly = '(markering uten merknad)';
