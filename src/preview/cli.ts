/**
 * `npm run preview` and `npm run round`: the review tools' command line (kept apart from the
 * report's own CLI; the build never imports the preview).
 *   npm run preview [-- --port 4321] [--nettverk] [--tillat-vert navn]
 *   npm run round -- start [--dato 2025-05-02] [--merknad "Sendt til AID"] [--uten-utkast]
 *   npm run round -- liste
 *   npm run round -- kommentarer [--format md|csv]
 *   npm run round -- hent <fil.pdf|fil.docx>
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ContentError, EnvironmentError, internalErrorText } from '../core/problems.ts';
import { CommentStore } from './comments.ts';
import { commentsToCsv, commentsToMarkdown } from './comments-export.ts';
import { draftDir, listRounds, startRound } from './rounds.ts';
import { fetchComments, ImportRefused } from './exchange/fetch-comments.ts';
import { draftSummary, fetchRefusals, fetchSummary } from './exchange/messages.ts';
import { startPreview } from './server.ts';

const usage = `Bruk: npm run preview [-- valg]           forhåndsvisning med automatisk oppdatering
     npm run round -- start [valg]            start en ny kommentarrunde (lagrer innholdet i review/)
     npm run round -- liste                   vis rundene
     npm run round -- kommentarer [--format md|csv]   skriv ut kommentarene
     npm run round -- hent <fil>              hent kommentarene fra en kommentert utkast.pdf eller utkast.docx

Valg for preview:
  --port <nummer>       port (standard 4321, eller PORT)
  --nettverk            lytt på alle nettverkskort (for et møte); standard er bare denne maskinen
  --tillat-vert <navn>  godta også dette vertsnavnet (kan gjentas)
  --root <mappe>        prosjektmappen (standard: denne)
Valg for round start:
  --dato ÅÅÅÅ-MM-DD     rundens dato (standard: i dag)
  --merknad <tekst>     f.eks. hvem runden ble sendt til
  --uten-utkast         ikke skriv build/runde-N/utkast.pdf og utkast.docx (uten nettleser)`;

// npm runs scripts in the project's root folder (as for npm run report).
const defaultRoot = process.cwd();

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      nettverk: { type: 'boolean', default: false },
      host: { type: 'string' },
      'tillat-vert': { type: 'string', multiple: true },
      root: { type: 'string' },
      dato: { type: 'string' },
      merknad: { type: 'string' },
      'uten-utkast': { type: 'boolean', default: false },
      format: { type: 'string', default: 'md' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command = 'preview', sub] = positionals;
  const root = path.resolve(values.root ?? defaultRoot);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (command === 'preview') {
    const port = Number(values.port ?? process.env.PORT ?? 4321);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`--port skal være et portnummer (fikk «${values.port ?? process.env.PORT}»)`);
      return 2;
    }
    const host = values.host ?? (values.nettverk ? '0.0.0.0' : '127.0.0.1');
    const server = await startPreview({ root, port, host, allowHosts: values['tillat-vert'] });
    console.log(`\nForhåndsvisning: ${server.url}`);
    for (const address of server.networkUrls) console.log(`For de andre i møtet: ${address}`);
    if (host !== '127.0.0.1') {
      console.log(
        'Advarsel: forhåndsvisningen er åpen for andre maskiner på nettverket. Bare den som har hele adressen',
      );
      console.log(
        '(med nøkkelen etter ?token=), kommer inn. Del den bare med dem som skal lese, og stopp forhåndsvisningen etter møtet.',
      );
    }
    console.log('Følger med på content/ og templates/. Stopp med Ctrl+C.\n');
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    console.log('\nStopper …');
    await server.close();
    return 0;
  }
  if (command === 'round') {
    if (sub === 'start') {
      const round = await startRound(root, { date: values.dato, note: values.merknad, drafts: !values['uten-utkast'] });
      console.log(
        `Runde ${round.number} (${round.date}) er startet. Innholdet er lagret i review/runde-${round.number}/ – legg mappen i git.`,
      );
      if (!values['uten-utkast']) {
        const out = path.relative(process.cwd(), draftDir(root, round.number)) || '.';
        console.log(draftSummary.written(path.join(out, 'utkast.pdf'), path.join(out, 'utkast.docx'), round.number));
        console.log(draftSummary.fetchHint);
      }
      return 0;
    }
    if (sub === 'liste' || sub === 'list' || sub === undefined) {
      const rounds = await listRounds(root);
      if (!rounds.length) console.log('Ingen runder ennå. Start den første med «npm run round -- start».');
      for (const r of rounds) console.log(`Runde ${r.number}  ${r.date}${r.note ? `  ${r.note}` : ''}`);
      return 0;
    }
    if (sub === 'hent') {
      const file = positionals[2];
      try {
        if (!file) throw new ImportRefused(fetchRefusals.noFile());
        const result = await fetchComments(root, path.resolve(file));
        console.log(fetchSummary.filed(result.filed.length, path.basename(file), result.log));
        if (result.known) console.log(fetchSummary.known(result.known));
        if (result.unplaced.length) {
          console.log(fetchSummary.unplaced(result.unplaced.length));
          for (const c of result.unplaced) console.log(fetchSummary.unplacedItem(c.name, c.page, c.text));
        }
        console.log(fetchSummary.next);
        return 0;
      } catch (error) {
        if (!(error instanceof ImportRefused)) throw error;
        console.error(`Feil: ${error.message}`);
        console.error(`Løsning: ${error.hint}`);
        console.error(fetchSummary.nothingFiled);
        return error.exitCode;
      }
    }
    if (sub === 'kommentarer') {
      const store = await CommentStore.open(root);
      const placed = store
        .list()
        .map((c) =>
          c.unplaced
            ? { ...c, placement: 'unplaced' as const }
            : { ...c, placement: 'exact' as const, currentAnchor: c.anchor },
        );
      const titles = new Map<string, string>();
      process.stdout.write(
        values.format === 'csv' ? commentsToCsv(placed, titles) : commentsToMarkdown(placed, titles, 'Kommentarer'),
      );
      return 0;
    }
  }
  console.log(usage);
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.problems.report());
    console.error(`\nRunden ble ikke startet: ${error.problems.errorCount} feil i innholdet må rettes først.`);
    process.exitCode = 1;
  } else if (error instanceof EnvironmentError) {
    console.error(`Feil: ${error.message}`);
    if (error.hint) console.error(`Løsning: ${error.hint}`);
    process.exitCode = 2;
  } else {
    console.error(internalErrorText(error));
    process.exitCode = 2;
  }
}
