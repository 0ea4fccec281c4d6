/** The committed browser bundle (src/preview/client/dist/client.js) is the one its sources make. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bundleClient, clientBundleFile } from '../../src/preview/client/bundle.ts';

describe('the preview client bundle', () => {
  it('is up to date with client.ts and what it imports (else run npm run build:client)', async () => {
    const committed = await readFile(clientBundleFile, 'utf8');
    expect(
      committed === (await bundleClient()),
      'src/preview/client/dist/client.js is stale: run npm run build:client',
    ).toBe(true);
  });

  it('takes the preview prefix from messages.ts instead of retyping it', async () => {
    const bundle = await readFile(clientBundleFile, 'utf8');
    expect(bundle).toContain('// ../messages.ts');
    expect(bundle).not.toMatch(/\bimport\b.*from/);
  });
});
