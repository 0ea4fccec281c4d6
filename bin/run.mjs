#!/usr/bin/env node
// Starts an imdi-rapport command (`npm run report` runs `node bin/run.mjs report`, and so on).
// Node runs the TypeScript in src/ itself (type stripping); its compile cache keeps the
// stripped and compiled code between runs, so later starts skip that work. This file is plain
// JavaScript so that an old Node can still say what is wrong.
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18) || major === 23) {
  console.error(
    `imdi-rapport trenger Node 22.18 eller nyere (22 LTS eller 24 LTS); denne maskinen har Node ${process.versions.node}.`,
  );
  console.error('Installer en ny Node som vist under «Kom i gang» i README.md (winget, brew eller apt).');
  process.exit(2);
}
module.enableCompileCache?.();
const command = process.argv[2];
const entries = new Map([
  ['preview', '../src/preview/cli.ts'],
  ['round', '../src/preview/cli.ts'],
  ['import', '../src/cli/import.ts'],
]);
await import(entries.get(command) ?? '../src/cli/main.ts');
