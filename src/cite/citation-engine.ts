/**
 * Formats citations and the bibliography with citeproc-js (the CSL reference engine) and the
 * project's own Norwegian author–date style (templates/csl/imdi-forfatter-aar.csl).
 */
import { createRequire } from 'node:module';
import type { Reference } from '../load/schemas.ts';

const require = createRequire(import.meta.url);
// citeproc ships CommonJS without types; the locale comes bundled with @citation-js/plugin-csl.
// Loaded when an engine is made: a build whose sources are unchanged replays the citations it
// stored (cite/citation-cache.ts) and never needs it.
let CSL: CiteprocModule | undefined;
const citeproc = () => (CSL ??= require('citeproc') as CiteprocModule);

interface CiteprocModule {
  Engine: new (
    sys: { retrieveLocale(lang: string): string; retrieveItem(id: string): unknown },
    style: string,
    lang?: string,
  ) => CiteprocEngine;
}
interface CiteprocEngine {
  opt: { development_extensions: Record<string, boolean> };
  updateItems(ids: string[]): void;
  setOutputFormat(format: 'html' | 'text'): void;
  makeCitationCluster(items: { id: string }[]): string;
  makeBibliography(): [{ entry_ids: string[][] }, string[]] | false;
}

/** One formatted bibliography entry. */
export interface BibliographyEntry {
  id: string;
  /** The entry as HTML (italics as <i>, text escaped). */
  html: string;
}

/** Formats in-text citations and the bibliography for one report. */
export interface CitationEngine {
  /** «Kleven 2017» for one key (no parentheses), with year suffixes where needed (2023a). */
  citeOne(key: string): string;
  /** The bibliography of all references, sorted as the style says. */
  bibliography(): BibliographyEntry[];
}

let enUsLocale: string | undefined;
function localeXml(): string {
  if (!enUsLocale) {
    const { plugins } = require('@citation-js/core') as {
      plugins: { config: { get(name: string): { locales: { get(lang: string): string } } } };
    };
    require('@citation-js/plugin-csl');
    enUsLocale = plugins.config.get('@csl').locales.get('en-US');
  }
  return enUsLocale;
}

/** Creates an engine over all references; every reference is registered so year suffixes are stable. */
export function createCitationEngine(references: readonly Reference[], styleXml: string): CitationEngine {
  const byId = new Map(references.map((r) => [r.id, r]));
  const sys = {
    retrieveLocale: () => localeXml(),
    retrieveItem: (id: string) => byId.get(id),
  };
  const engine = new (citeproc().Engine)(sys, styleXml, 'en-US');
  engine.updateItems(references.map((r) => r.id));
  const cache = new Map<string, string>();
  let entries: BibliographyEntry[] | undefined;

  return {
    citeOne(key) {
      // Unknown keys are reported where they are used; never let them crash the engine.
      if (!byId.has(key)) return key;
      let text = cache.get(key);
      if (text === undefined) {
        engine.setOutputFormat('text');
        text = engine.makeCitationCluster([{ id: key }]).replace(/^\(|\)$/g, '');
        cache.set(key, text);
      }
      return text;
    },
    bibliography() {
      if (entries) return entries;
      engine.setOutputFormat('html');
      const result = engine.makeBibliography();
      if (!result) return (entries = []);
      const [meta, formatted] = [result[0], result[1]];
      entries = formatted.map((html, i) => ({
        id: meta.entry_ids[i]?.[0] ?? '',
        html: html.replace(/^\s*<div class="csl-entry">|<\/div>\s*$/g, '').trim(),
      }));
      return entries;
    },
  };
}
