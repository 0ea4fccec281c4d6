/**
 * Resolves `:ref[label]` across the whole report once every chapter is rendered: each
 * placeholder becomes «figur 3.1» / «Tabell 4.2» linked to its target. Unknown and duplicate
 * labels are errors at their place.
 */
import type { Problems } from '../core/problems.ts';
import { closest } from '../core/closest.ts';
import type { RenderedChapter } from './processor.ts';
import { crossRefPrefix, sentenceStartClass } from './plugins/remark-cross-ref.ts';

const placeholder = new RegExp(
  `<a href="${crossRefPrefix}([a-z0-9-]+)" class="xref( ${sentenceStartClass})?">[^<]*</a>`,
  'g',
);

/**
 * Fills in every cross-reference and reports problems. Returns new chapters: the inputs keep
 * their placeholders, so a memoized chapter can be resolved again when numbers elsewhere change.
 */
export function resolveCrossRefs(chapters: RenderedChapter[], problems: Problems): RenderedChapter[] {
  const targets = new Map<string, { kind: string; number: string; id: string; where: string }>();
  // Every chapter is a target too, named after its file without the order prefix:
  // chapters/04-arsaker.md → :ref[arsaker] → «kapittel 3» (or «vedlegg 1», or «Sammendrag»).
  for (const chapter of chapters) {
    const label = chapterLabel(chapter.source.ref);
    const number = chapter.data.number;
    const target = number.startsWith('V')
      ? { kind: 'vedlegg', number: number.slice(1) }
      : number
        ? { kind: 'kapittel', number }
        : { kind: '', number: `«${chapter.source.frontMatter.title}»` };
    targets.set(label, { ...target, id: `${chapter.data.idPrefix}title`, where: chapter.source.display });
  }
  for (const chapter of chapters) {
    for (const label of chapter.data.labels) {
      const existing = targets.get(label.label);
      if (existing) {
        problems.add(
          chapter.source.display,
          'xref-duplicate',
          { label: label.label, elsewhere: existing.where },
          label.place,
        );
        continue;
      }
      targets.set(label.label, { kind: label.kind, number: label.number, id: label.id, where: chapter.source.display });
    }
  }
  return chapters.map((chapter) => {
    for (const ref of chapter.data.crossRefs) {
      if (targets.has(ref.label)) continue;
      problems.add(
        chapter.source.display,
        'xref-unknown',
        { label: ref.label, suggestion: closest(ref.label, [...targets.keys()]) },
        ref.place,
      );
    }
    const html = chapter.html.replace(placeholder, (whole, label: string, startsSentence: string | undefined) => {
      const target = targets.get(label);
      if (!target) return whole;
      if (!target.kind) return `<a href="#${target.id}" class="xref">${target.number}</a>`;
      const kind = startsSentence ? target.kind.charAt(0).toUpperCase() + target.kind.slice(1) : target.kind;
      return `<a href="#${target.id}" class="xref">${kind}\u00a0${target.number}</a>`;
    });
    return html === chapter.html ? chapter : { ...chapter, html };
  });
}

/** The cross-reference label of a chapter file: its name without folder, order prefix and extension. */
export function chapterLabel(ref: string): string {
  return ref.replace(/^.*\//, '').replace(/\.md$/, '').replace(/^\d+-/, '');
}
