import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionSpec } from '../../../lib/catalog/catalog.ts';
import { minimumConfidence } from '../../../lib/policy/scope-gates.ts';
import { RULES } from '../../../lib/slm/decision-table.ts';
import { input, proposal } from '../policy/policy-input.ts';

test("every rule is as sure as the default policy's minimum for its action's risk, so a sound pick never dies at the confidence gate", (t) => {
  for (const rule of RULES) {
    const verdict = minimumConfidence.check(input(proposal(rule.action, {}, { confidence: rule.confidence })));
    t.is(verdict.verdict, 'pass', `${rule.id} (${rule.action}, ${actionSpec(rule.action).risk} risk): ${verdict.reason}`);
  }
});

test('the calibration check can fail: a medium-risk pick below the default minimum is blocked', (t) => {
  t.is(minimumConfidence.check(input(proposal('expand_pvc', {}, { confidence: 0.65 }))).verdict, 'block');
});

test('every rule documents its condition and names its action first in its outcome', (t) => {
  for (const rule of RULES) {
    t.truthy(rule.when, rule.id);
    t.true(rule.outcome.startsWith(rule.action), `${rule.id}: "${rule.outcome}" does not start with ${rule.action}`);
  }
  t.is(new Set(RULES.map((r) => r.id)).size, RULES.length);
});

test('the README documents every rule of the table, in order, with its condition, outcome and confidence', (t) => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (.+?) \| (.+?) \| ([0-9.]+) \|$/gm)].filter((m) => RULES.some((r) => r.id === m[1]));
  t.deepEqual(
    rows.map(([, id, when, then, confidence]) => [id, when, then?.replaceAll('`', ''), Number(confidence)]),
    RULES.map((r) => [r.id, r.when, r.outcome, r.confidence]),
  );
});
