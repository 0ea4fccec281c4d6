#!/usr/bin/env node
// Starts the imdi-rapport command line fast: runs a bundled copy of src/ and the packages it
// uses (esbuild), rebuilt only when a source file or package-lock.json is newer than the
// bundle. Saves the ~0.7 s a TypeScript loader spends on every start, and the ~0.2 s Node spends
// finding and reading several hundred small package files; tests and developers can still run
// src/ directly with tsx.
//
// Each bundle goes into its own folder, named after the newest source, and appears there in
// one rename: commands started at the same time never see a half-written bundle, and a
// running command keeps the chunks it loads later.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.env.IMDI_ENTRY ?? 'cli/main.ts';
const cache = path.join(root, 'node_modules', '.cache', 'imdi-rapport');

function newestSource() {
  let newest = existsSync(path.join(root, 'package-lock.json')) ? statSync(path.join(root, 'package-lock.json')).mtimeMs : 0;
  for (const file of readdirSync(path.join(root, 'src'), { recursive: true })) {
    if (String(file).endsWith('.ts')) newest = Math.max(newest, statSync(path.join(root, 'src', String(file))).mtimeMs);
  }
  return Math.floor(newest);
}

const version = String(newestSource());
// The same fingerprint keys the build cache (src/core/code-version.ts): no second scan.
process.env.IMDI_CODE_VERSION = version;
const outdir = path.join(cache, version);
const bundle = path.join(outdir, entry.replace(/\.ts$/, '.js'));
if (!existsSync(bundle)) {
  const { build } = await import('esbuild');
  const temporary = path.join(cache, `.${version}-${process.pid}`);
  await build({
    entryPoints: [path.join(root, 'src', entry)],
    outdir: temporary,
    outbase: path.join(root, 'src'),
    outExtension: { '.js': '.js' },
    // Separate chunks for dynamically imported stages: `check` never loads the browser code.
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Puppeteer's WebDriver BiDi support is never used (Chromium is driven over CDP).
    external: ['chromium-bidi'],
    // CommonJS packages in an ES module bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __imdiCreateRequire } from 'node:module'; const require = __imdiCreateRequire(import.meta.url);" },
    // Beside the code, not inside it: Node reads a map only when run with --enable-source-maps.
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  mkdirSync(cache, { recursive: true });
  try {
    renameSync(temporary, outdir);
  } catch {
    rmSync(temporary, { recursive: true, force: true }); // another command built the same version first
  }
  // Older versions go once nobody can still be running them.
  for (const old of readdirSync(cache)) {
    const dir = path.join(cache, old);
    if (old !== version && Date.now() - statSync(dir).mtimeMs > 3_600_000) rmSync(dir, { recursive: true, force: true });
  }
}
await import(pathToFileURL(bundle).href);
