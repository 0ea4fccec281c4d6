/**
 * The preview's builds: one at a time, each reading the files as they are when it starts.
 * Chapters are memoized by their text and place, so a saved chapter is the only one that goes
 * through Markdown again; a change to anything else (a template, report.yaml, measures, data,
 * images) clears the memo and everything is rebuilt.
 */
import { performance } from 'node:perf_hooks';
import { VFile } from 'vfile';
import { build, createBuildCache, type BuildResult } from '../pipeline/pipeline.ts';
import { projectPaths } from '../core/project.ts';
import { renderChapter, type RenderedChapter } from '../markdown/processor.ts';
import { collectAssets, type Asset } from '../render/assets.ts';
import { describeFailure } from './build-failure.ts';
import type { BuildFailure } from './messages.ts';
import { chapterInfos } from './page.ts';
import type { ChapterInfo } from './paragraphs.ts';

/** A build that succeeded: what the server shows until the next one. */
export interface GoodBuild {
  version: number;
  html: string;
  chapters: ChapterInfo[];
  result: BuildResult;
  /** Files the page loads, by their path under the page (assets/report.css → its source). */
  assets: Map<string, Asset>;
  warnings: number;
  ms: number;
  /** How many chapters went through Markdown (the rest came from the memo). */
  rendered: number;
}

/** What the last build did. */
export type BuildOutcome =
  { ok: true; build: GoodBuild } | { ok: false; failure: BuildFailure; terminal: string; ms: number };

/** Runs builds for the preview and remembers the last good one. */
export class LiveBuild {
  private memo = new Map<string, { key: string; chapter: RenderedChapter }>();
  /** Citation engine and measure texts, reused while their inputs are the same (keys are the inputs themselves). */
  private readonly cache = createBuildCache();
  /** Starts at the clock so versions never repeat across restarts (a reopened page compares them). */
  private version = Date.now();
  /** The last build that succeeded (shown under the overlay when the newest one failed). */
  good: GoodBuild | undefined;
  /** Set while the newest build has failed. */
  failure: BuildFailure | undefined;

  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** Forgets every memoized chapter (a change that can affect all of them). */
  invalidate(): void {
    this.memo.clear();
  }

  /** Builds the report as the files are now. Never throws: a failure is an outcome. */
  async run(): Promise<BuildOutcome> {
    const started = performance.now();
    let rendered = 0;
    const memoized: typeof renderChapter = async (processor, source, position) => {
      const key = `${position.idPrefix}\u0000${position.number}\u0000${source.text}`;
      const hit = this.memo.get(source.ref);
      // A fresh VFile per build: the build's Problems may add to a file it adopted, and the memo must not collect them.
      if (hit && hit.key === key) return { ...hit.chapter, file: copyFile(hit.chapter.file) };
      rendered++;
      const chapter = await renderChapter(processor, source, position);
      this.memo.set(source.ref, { key, chapter: { ...chapter, file: copyFile(chapter.file) } });
      return chapter;
    };
    try {
      const result = await build({ root: this.root, checkOnly: true, renderChapter: memoized, cache: this.cache });
      const paths = projectPaths(this.root);
      const assets = new Map((await collectAssets(paths, result.images)).map((a) => [a.target, a]));
      this.good = {
        version: ++this.version,
        html: result.html ?? '',
        chapters: chapterInfos(result),
        result,
        assets,
        warnings: result.problems.warningCount,
        ms: performance.now() - started,
        rendered,
      };
      this.failure = undefined;
      return { ok: true, build: this.good };
    } catch (error) {
      const { failure, terminal } = await describeFailure(error, this.root);
      this.failure = failure;
      return { ok: false, failure, terminal, ms: performance.now() - started };
    }
  }
}

function copyFile(file: VFile): VFile {
  const copy = new VFile({ path: file.path, cwd: file.cwd, value: file.value, data: file.data });
  copy.messages = [...file.messages];
  return copy;
}
