/**
 * Bundles the preview's browser client (client.ts and what it imports) into one ES module, ahead
 * of time: the preview serves the committed dist/client.js, so it needs neither TypeScript nor
 * esbuild at run time (`npm ci --omit=dev` keeps live updates and comments).
 * `npm run build:client` writes the file; tests/preview/client-bundle.test.ts fails when it is stale.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the bundle is committed (and served from by server.ts). */
export const clientBundleFile = path.join(here, 'dist', 'client.js');

/** The bundle's text, built in memory (the same every time for the same sources). */
export async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(here, 'client.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    // Paths in esbuild's comments are relative to this: the same on every machine.
    absWorkingDir: here,
    banner: { js: '// Generated from src/preview/client/client.ts by `npm run build:client`. Do not edit.' },
  });
  return result.outputFiles[0]!.text;
}

// `node src/preview/client/bundle.ts`: write the bundle.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(clientBundleFile, await bundleClient());
  console.log(`Skrev ${path.relative(process.cwd(), clientBundleFile)}`);
}
