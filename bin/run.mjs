#!/usr/bin/env node
// Starts the imdi-rapport command line fast. It runs one bundled file of src/ and the packages
// it uses (esbuild), rebuilt only when a source file, package-lock.json or this file is newer than the
// bundle, with V8's code cache beside it:
//   - no TypeScript loader (0,7 s on every start) and no search through several hundred small
//     package files (0,2 s);
//   - no parsing and compiling of the 6 MB bundle on every start (about 0,1 s): the first run
//     of a bundle leaves V8's compiled code in a file that later runs load instead. A cache V8
//     cannot use (another Node version) is made again. Modules are still only run when needed:
//     `check` never runs the browser code.
// Each bundle goes into its own folder, named after the newest source, and appears there in one
// rename, so commands started at the same time never see a half-written bundle. Tests and
// developers can still run src/ directly with tsx.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.env.IMDI_ENTRY ?? 'cli/main.ts';
const cache = path.join(root, 'node_modules', '.cache', 'imdi-rapport');

function newestSource() {
  // This file too: it decides how the bundle is made.
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  if (existsSync(path.join(root, 'package-lock.json'))) newest = Math.max(newest, statSync(path.join(root, 'package-lock.json')).mtimeMs);
  for (const file of readdirSync(path.join(root, 'src'), { recursive: true })) {
    if (String(file).endsWith('.ts')) newest = Math.max(newest, statSync(path.join(root, 'src', String(file))).mtimeMs);
  }
  return Math.floor(newest);
}

const version = String(newestSource());
// The same fingerprint keys the build cache (src/core/code-version.ts): no second scan.
process.env.IMDI_CODE_VERSION = version;
const outdir = path.join(cache, version);
const name = entry.replace(/\.ts$/, '').replaceAll('/', '-');
const bundle = path.join(outdir, `${name}.cjs`);
if (!existsSync(bundle)) {
  const { build } = await import('esbuild');
  const temporary = path.join(cache, `.${version}-${process.pid}`);
  await build({
    // The command line, and the small part that starts Chromium before the rest is even read.
    entryPoints: { [name]: path.join(root, 'src', entry), 'cli-early-browser': path.join(root, 'src', 'cli', 'early-browser.ts') },
    outdir: temporary,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    // One CommonJS file: V8 can cache the compiled code of a script, not of ES modules (Node 20).
    // A dynamic import() becomes a module that is run on first use.
    format: 'cjs',
    target: 'node20',
    // Puppeteer's WebDriver BiDi support is never used (Chromium is driven over CDP). Its
    // browser manager is needed only when Puppeteer's own download folder exists, and would
    // make the early-start bundle forty times larger.
    external: ['chromium-bidi', '@puppeteer/browsers'],
    // src/ finds files next to its modules with import.meta.url: the bundle's own URL.
    define: { 'import.meta.url': '__imdiModuleUrl' },
    banner: { js: "var __imdiModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // Beside the code, not inside it: Node reads a map only when run with --enable-source-maps.
    sourcemap: 'linked',
    // No comments or indentation: a third smaller, so a third less to read and decode on every
    // start (8 ms). Names stay, and the map points into src/.
    minifyWhitespace: true,
    legalComments: 'none',
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

// `npm run report`: Chromium starts now, while the large bundle is read and compiled (25 ms).
if (entry === 'cli/main.ts') createRequire(bundle)(path.join(outdir, 'cli-early-browser.cjs')).startEarly(process.argv.slice(2));

// Run the bundle as Node runs a CommonJS file, but compiled with the code cache when there is one.
const codeCache = `${bundle}.v8cache`;
const cachedData = existsSync(codeCache) ? readFileSync(codeCache) : undefined;
const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
if (!cachedData || script.cachedDataRejected) {
  // Made at exit, when V8 has compiled what this run needed; written in one rename.
  process.once('exit', () => {
    try {
      const temporary = `${codeCache}.${process.pid}`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, codeCache);
    } catch {
      // only the next start is slower
    }
  });
}
const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, outdir);
