/** Schema and YAML problems point at the exact key or value, in Norwegian, with a hint. */
import { describe, expect, it } from 'vitest';
import { Problems } from '../../src/core/problems.ts';
import { loadYaml } from '../../src/load/yaml-source.ts';
import { measuresSchema, reportSchema } from '../../src/load/schemas.ts';

const measure = (extra = '') => `- id: T01
  title: Brev
  description: Tekst
  period: '2027'
  group: within
  sector: authorities
  actors: [Valgdirektoratet]
  questions: [1]
${extra}`;

function check(text: string, schema = measuresSchema) {
  const problems = new Problems('/');
  const data = loadYaml({ path: 'content/measures.yaml', text }, schema, problems);
  return { data, messages: problems.all() };
}

describe('YAML and schema positions', () => {
  it('accepts a valid measure', () => {
    const { data, messages } = check(measure());
    expect(messages).toEqual([]);
    expect(data?.[0]?.id).toBe('T01');
  });

  it('reports a wrong enum value at the value, with the allowed values and a suggestion', () => {
    const { messages } = check(measure().replace("period: '2027'", 'period: lang'));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.line).toBe(4);
    expect(messages[0]?.column).toBe(11);
    expect(messages[0]?.reason).toContain('Feltet «period» i T01 har verdien «lang»');
    expect(messages[0]?.note).toContain('2025, 2027, long');
    expect(messages[0]?.note).toContain('Mente du «long»');
    expect(messages[0]?.fatal).toBe(true);
  });

  it('reports an unknown key at the key, suggesting the known one', () => {
    const { messages } = check(measure('  descripton: skrivefeil\n'));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.line).toBe(9);
    expect(messages[0]?.column).toBe(3);
    expect(messages[0]?.reason).toContain('Ukjent felt «descripton»');
    expect(messages[0]?.note).toContain('Mente du «description»');
  });

  it('reports a missing required field at the item that lacks it', () => {
    const { messages } = check(measure().replace('  sector: authorities\n', ''));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.line).toBe(1);
    expect(messages[0]?.reason).toContain('Mangler feltet «sector» i T01');
    expect(messages[0]?.note).toContain('authorities, voluntary, both');
  });

  it('reports every problem in the file at once', () => {
    const { messages } = check(
      measure().replace('group: within', 'group: inside').replace('questions: [1]', 'questions: [3]'),
    );
    expect(messages.map((m) => m.line)).toEqual([5, 8]);
  });

  it('reports YAML syntax errors with the parser’s own place', () => {
    const { data, messages } = check('- id: T01\n  title: Brev\n period: long\n  group: within\n');
    expect(data).toBeUndefined();
    expect(messages[0]?.reason).toMatch(/^YAML-feil/);
    expect(messages[0]?.line).toBe(3);
  });

  it('reports a wrong type with what was expected', () => {
    const { messages } = check(measure().replace('actors: [Valgdirektoratet]', 'actors: Valgdirektoratet'));
    expect(messages[0]?.reason).toContain('skal være en liste, men er «Valgdirektoratet»');
    expect(messages[0]?.line).toBe(7);
  });

  it('validates report.yaml dates in ISO form', () => {
    const problems = new Problems('/');
    loadYaml(
      {
        path: 'content/report.yaml',
        text: 'title: T\nseries: S\ndate: 30.05.2025\npublisher: P\npublisherShort: P\nrecipient: R\nlang: nb\nassignment: {id: "1", title: T, budget: 1, budgetLine: x, deadline: 2025-05-30}\nchapters: [chapters/a.md]\n',
      },
      reportSchema,
      problems,
    );
    const [message] = problems.all();
    expect(message?.line).toBe(3);
    expect(message?.note).toContain('ÅÅÅÅ-MM-DD');
  });
});
