/**
 * Two worker threads for the content streams (artifact-worker.ts), started while the page loads
 * so they are ready when the PDF is. Without workers (they failed to start), the jobs run here.
 */
import { Worker } from 'node:worker_threads';
import { runArtifactJob, type ArtifactJob, type ArtifactResult } from './artifact-worker.ts';

/** Runs jobs; close() ends the workers. */
export interface ArtifactPool {
  run(jobs: ArtifactJob[]): Promise<ArtifactResult[]>;
  close(): void;
}

/** Starts `count` workers. */
export function startArtifactPool(count = 2): ArtifactPool {
  let workers: Worker[] = [];
  try {
    workers = Array.from({ length: count }, () => {
      const worker = new Worker(new URL('./artifact-worker.ts', import.meta.url));
      worker.unref();
      worker.on('error', () => undefined);
      return worker;
    });
  } catch {
    workers = [];
  }
  const close = () => {
    for (const worker of workers) void worker.terminate();
    workers = [];
  };
  return {
    close,
    async run(jobs) {
      if (!workers.length) return jobs.map(runArtifactJob);
      // Pages alternate between workers, so both get a share of the long ones.
      const shares = workers.map((_, w) => jobs.filter((_, i) => i % workers.length === w));
      try {
        const results = await Promise.all(
          workers.map(
            (worker, w) =>
              new Promise<ArtifactResult[]>((resolve, reject) => {
                worker.once('message', resolve);
                worker.once('error', reject);
                worker.postMessage(shares[w]);
              }),
          ),
        );
        return results.flat().sort((a, b) => a.index - b.index);
      } catch {
        close();
        return jobs.map(runArtifactJob);
      }
    },
  };
}
