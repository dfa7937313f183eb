import { readFileSync } from 'node:fs';
import { findLocalOriginPreferences, findLocalOriginRestriction, type LocalOriginRule } from '.';

interface CorpusText {
  text: string;
  language: 'fi' | 'sv' | 'en';
  expected: 'refuse' | 'pass';
  rule?: LocalOriginRule;
}

const CORPUS_PATH = 'test/fixtures/local-origin-corpus.json';
const corpus = (JSON.parse(readFileSync(CORPUS_PATH, 'utf8')) as { texts: CorpusText[] }).texts;
const mustRefuse = corpus.filter((c) => c.expected === 'refuse');
const mustPass = corpus.filter((c) => c.expected === 'pass');

describe(`the local-origin corpus (${CORPUS_PATH})`, () => {
  it('has at least 60 texts that must be refused and 90 that must pass, in Finnish, Swedish and English', () => {
    expect(mustRefuse.length).toBeGreaterThanOrEqual(60);
    expect(mustPass.length).toBeGreaterThanOrEqual(90);
    for (const language of ['fi', 'sv', 'en']) expect(corpus.filter((c) => c.language === language).length).toBeGreaterThan(20);
    expect(mustRefuse.filter((c) => !c.rule)).toEqual([]);
  });

  it('refuses every must-refuse text and no must-pass text, and reports precision and recall', () => {
    const judged = corpus.map((c) => ({ ...c, findings: findLocalOriginPreferences(c.text) }));
    const truePositives = judged.filter((c) => c.expected === 'refuse' && c.findings.length > 0).length;
    const falsePositives = judged.filter((c) => c.expected === 'pass' && c.findings.length > 0);
    const falseNegatives = judged.filter((c) => c.expected === 'refuse' && c.findings.length === 0);
    const precision = truePositives / (truePositives + falsePositives.length || 1);
    const recall = truePositives / mustRefuse.length;
    console.log(
      `local-origin corpus: ${mustRefuse.length} must-refuse, ${mustPass.length} must-pass; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    expect({
      falseNegatives: falseNegatives.map((c) => c.text),
      falsePositives: falsePositives.map((c) => `${c.text} → ${c.findings.map((f) => `${f.rule}: "${f.phrase}"`).join('; ')}`),
    }).toEqual({ falseNegatives: [], falsePositives: [] });
  });

  it('judges the corpus alike where only explicit restriction counts (questionnaires), every text being worded as a requirement or preference', () => {
    expect(corpus.filter((c) => (findLocalOriginRestriction(c.text) !== null) !== (c.expected === 'refuse')).map((c) => c.text)).toEqual([]);
  });

  it('names the rule the corpus expects for each refusal', () => {
    const wrongRule = mustRefuse
      .map((c) => ({ text: c.text, expected: c.rule, found: findLocalOriginPreferences(c.text).map((f) => f.rule) }))
      .filter((c) => c.found.length > 0 && !c.found.includes(c.expected!));
    expect(wrongRule).toEqual([]);
  });
});
