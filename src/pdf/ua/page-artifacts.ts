/**
 * One page's content streams made into one where every mark is tagged or an artifact
 * (content-stream.ts): inflate, rewrite, deflate. (Worker threads were tried: on two shared
 * cores they were slower than doing the report's ~5 MB of content here.)
 */
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

/** Does one job. */
export function runArtifactJob(job: ArtifactJob): ArtifactResult {
  const text = job.streams.map((s) => Buffer.from(job.decoded ? s : inflateSync(s)).toString('latin1')).join('\n');
  const result = wrapUntaggedAsArtifacts(text, new Set(job.repeated));
  if (!result.wrapped) return { index: job.index, wrapped: 0, untagged: [] };
  // Level 3: a quarter of level 6's time for the report's ~4 MB of content, ~0.1 MB larger.
  return {
    index: job.index,
    data: deflateSync(Buffer.from(result.text, 'latin1'), { level: 3 }),
    wrapped: result.wrapped,
    untagged: result.untagged,
  };
}
