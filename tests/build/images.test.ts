/**
 * The images writers really have (src/render/images.ts): SVG charts from Excel and R whose text
 * asks for fonts the machine lacks, a photo far larger than print needs, and one whose camera
 * stored it on its side.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/core/problems.ts';
import { build } from '../../src/pipeline/pipeline.ts';
import { pdfFonts, pdfText } from '../helpers/pdf.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

/** As Excel 365 writes a chart («Lagre som bilde» → SVG): Calibri, in attributes and a style sheet. */
const excelSvg = (label: string) => `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120" viewBox="0 0 400 120">
<style>@font-face { font-family: Calibri; src: url(https://example.org/calibri.woff2); } .t { font-family: "Calibri", sans-serif; }</style>
<rect x="10" y="40" width="300" height="30" fill="#1f4e79"/>
<text x="10" y="30" font-family="Calibri" font-size="14">${label}</text>
<text x="320" y="60" class="t" font-weight="bold">38 %</text>
</svg>`;

/** As R's svglite writes one: the font in a style attribute, with &quot; quotes. */
const rSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"><text x="5" y="40" style="font-size: 12px; font-family: &quot;Liberation Sans&quot;;">Botid i år</text></svg>`;

/** A project whose status chapter shows these images. */
async function withImages(images: Record<string, string | Buffer>): Promise<TempProject> {
  const p = await tempProject('mini');
  const lines: string[] = [];
  for (const [name, data] of Object.entries(images)) {
    await p.write(`content/images/${name}`, data);
    lines.push(`![Figur ${name}](../images/${name})`);
  }
  await p.edit('content/chapters/02-status.md', '![Et lite testbilde](../images/prikk.png)', lines.join('\n\n'));
  return p;
}

describe('SVG charts', () => {
  it('print their text in the report font, whatever font they ask for', async () => {
    project = await withImages({ 'excel.svg': excelSvg('Valgdeltakelse 2023 – innvandrere'), 'r.svg': rSvg });
    const result = await build({ root: project.root });
    const fonts = pdfFonts(result.pdfFile!).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(fonts.filter((name) => !/^SourceS(ans|erif)/.test(name)), fonts.join(', ')).toEqual([]);
    expect(fonts.every((name) => pdfFonts(result.pdfFile!).find((f) => f.name.endsWith(name))!.embedded)).toBe(true);
    const svg = await readFile(project.file('build/assets/content/images/excel.svg'), 'utf8');
    expect(svg).not.toMatch(/Calibri|example\.org/);
    expect(svg).toContain("font-family: 'Source Sans 3', sans-serif");
    expect(svg).toContain('data:font/woff2;base64,');
    expect(await readFile(project.file('build/assets/content/images/r.svg'), 'utf8')).not.toContain('Liberation');
    expect(pdfText(result.pdfFile!)).toContain('Botid i år');
  }, 60_000);

  it('with a character the report font lacks: an error naming the image, its font, the character and the fix', async () => {
    project = await withImages({ 'arabisk.svg': excelSvg('Deltakelse blant velgere fra العراق') });
    const error = await build({ root: project.root, pdf: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    const [problem] = (error as ContentError).problems.all().filter((m) => m.ruleId === 'image-svg-font');
    expect(problem?.file).toBe('content/chapters/02-status.md');
    expect(problem?.line).toBeGreaterThan(1);
    expect(problem?.reason).toMatch(/Bildet «images\/arabisk\.svg» har tekst i skriften «Calibri» med tegnene «ا» \(U\+0627\)/);
    expect(problem?.note).toContain('omriss');
    expect(problem?.reason).not.toMatch(/mangler i rapportens skrifter/);
  });
});

describe('photos', () => {
  it('larger than print needs: scaled down, with a warning at the image', async () => {
    const big = await sharp({ create: { width: 4000, height: 1000, channels: 3, background: '#336699' } }).png().toBuffer();
    project = await withImages({ 'stort.png': big });
    const result = await build({ root: project.root, pdf: false });
    const [warning] = result.problems.all().filter((m) => m.ruleId === 'image-large');
    expect(warning?.reason).toContain('Bildet «images/stort.png» er 4000 × 1000 piksler');
    expect(warning?.line).toBeGreaterThan(1);
    const copy = await sharp(project.file('build/assets/content/images/stort.png')).metadata();
    expect([copy.width, copy.height, copy.format]).toEqual([2400, 600, 'png']);
  });

  it('stored on its side by the camera (EXIF orientation): turned upright, left small photos as they are', async () => {
    const sideways = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#993333' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const small = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#339933' } }).png().toBuffer();
    project = await withImages({ 'sidelengs.jpg': sideways, 'lite.png': small });
    const result = await build({ root: project.root, pdf: false });
    expect(result.problems.all().filter((m) => m.ruleId === 'image-large')).toEqual([]);
    const turned = await sharp(project.file('build/assets/content/images/sidelengs.jpg')).metadata();
    expect([turned.width, turned.height]).toEqual([200, 300]);
    expect(turned.orientation ?? 1).toBe(1);
    expect(Buffer.compare(await readFile(project.file('build/assets/content/images/lite.png')), small)).toBe(0);
  });
});
