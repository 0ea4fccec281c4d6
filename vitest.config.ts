import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that need no browser and no child process. */
const unit = [
  'tests/core/**/*.test.ts',
  'tests/load/**/*.test.ts',
  'tests/markdown/**/*.test.ts',
  'tests/fonts/**/*.test.ts',
  'tests/build/find-browser.test.ts',
  'tests/preview/preview-units.test.ts',
  'tests/preview/client-bundle.test.ts',
];
/** Editorial checks of the real report in content/: a writer's edit can fail these, a code change should not. */
const content = ['tests/content/**/*.test.ts'];

export default defineConfig({
  // Vitest's own records (which files failed or took long, to run those first) go to a temporary
  // folder of this checkout, not into the repository's node_modules/.vite.
  cacheDir: path.join(
    os.tmpdir(),
    'imdi-rapport-vitest',
    createHash('sha256')
      .update(import.meta.dirname)
      .digest('hex')
      .slice(0, 12),
  ),
  test: {
    // Browser tests start Chromium; two cores, so keep files from starving each other.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    // `npm test` runs every project; `vitest run --project <name>` one of them (`npm run test:content`).
    projects: [
      { extends: true, test: { name: 'unit', include: unit } },
      // Everything else (builds, PDFs, faults, the live preview), new test files included.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...unit, ...content],
        },
      },
      { extends: true, test: { name: 'content', include: content } },
    ],
  },
});
