/**
 * A worker thread that turns pages' content streams into ones where every mark is tagged or an
 * artifact (content-stream.ts): inflate, rewrite, deflate. The report's pages hold about 16 MB of
 * content; two workers do it while the main thread reads the structure tree.
 */
import { parentPort } from 'node:worker_threads';
import { deflateSync, inflateSync } from 'node:zlib';
import { wrapUntaggedAsArtifacts } from './content-stream.ts';

/** One page's job. */
export interface ArtifactJob {
  index: number;
  /** The page's content streams: Flate-compressed, or already decoded (`decoded`). */
  streams: Uint8Array[];
  decoded: boolean;
  /** MCIDs to make artifacts whatever they hold (repeated table headers). */
  repeated: number[];
}

/** One page's result: the new stream (Flate), or nothing when no mark was bare. */
export interface ArtifactResult {
  index: number;
  data?: Uint8Array;
  wrapped: number;
  untagged: number[];
}

/** Does one job (also used on the main thread when no worker can start). */
export function runArtifactJob(job: ArtifactJob): ArtifactResult {
  const text = job.streams.map((s) => Buffer.from(job.decoded ? s : inflateSync(s)).toString('latin1')).join('\n');
  const result = wrapUntaggedAsArtifacts(text, new Set(job.repeated));
  if (!result.wrapped) return { index: job.index, wrapped: 0, untagged: [] };
  // A copy of its own (a small Buffer shares its memory with others), so it can be transferred.
  return { index: job.index, data: new Uint8Array(deflateSync(Buffer.from(result.text, 'latin1'))), wrapped: result.wrapped, untagged: result.untagged };
}

parentPort?.on('message', (jobs: ArtifactJob[]) => {
  const results = jobs.map(runArtifactJob);
  parentPort!.postMessage(results, results.flatMap((r) => (r.data ? [r.data.buffer as ArrayBuffer] : [])));
});
