/**
 * Citations as plain JSON, for the cache in build/.cache/ (see disk-cache.ts). Creating
 * the citeproc engine for the report's sources takes about a quarter of a second; when the
 * sources and the style are unchanged, every in-text citation and the bibliography come from
 * the last build instead, and the engine is only created if something new is asked for.
 */
import type { BibliographyEntry, CitationEngine } from '../cite/citation-engine.ts';

/** Every source's in-text citation and the bibliography. */
export interface StoredCitations {
  cites: Record<string, string>;
  bibliography: BibliographyEntry[];
}

/** Records what `engine` says for every source. */
export function recordCitations(engine: CitationEngine, ids: readonly string[]): StoredCitations {
  return { cites: Object.fromEntries(ids.map((id) => [id, engine.citeOne(id)])), bibliography: engine.bibliography() };
}

/** An engine that answers from `stored`, and creates the real one (`create`) only for what is not there. */
export function replayCitations(stored: StoredCitations, create: () => CitationEngine): CitationEngine {
  let engine: CitationEngine | undefined;
  return {
    citeOne: (key) => stored.cites[key] ?? (engine ??= create()).citeOne(key),
    bibliography: () => stored.bibliography,
  };
}
