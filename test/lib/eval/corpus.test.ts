import test from 'ava';
import { InvalidError } from '../../../lib/errors/errors.ts';
import { CorpusEntry, joinCorpora, parseCorpus } from '../../../lib/eval/corpus.ts';
import { corpusEntry } from '../../support/corpus-entry.ts';

test('an entry with its category, source, rationale and labels is accepted', (t) => {
  const entry = CorpusEntry.parse(corpusEntry({ cluster: { node: { ready: false } } }));
  t.like(entry, { category: 'node', preferred: ['cordon_node'], cluster: { node: { ready: false } } });
});

test('an entry without a rationale, with an odd category, or with contradicting labels is refused, naming the field', (t) => {
  const refused = (over: Record<string, unknown>) =>
    t.throws(() => parseCorpus([corpusEntry(over)]), { instanceOf: InvalidError })?.message;
  t.regex(refused({ rationale: undefined }) ?? '', /^invalid corpus \(entry node-not-ready\): \[0\]\.rationale: /);
  t.regex(refused({ category: 'Node Problems' }) ?? '', /\[0\]\.category: lowercase words joined by -/);
  t.regex(refused({ preferred: ['drain_node'] }) ?? '', /\[0\]\.preferred: drain_node is preferred but not expected/);
  t.regex(refused({ must_not: ['cordon_node'] }) ?? '', /\[0\]\.must_not: cordon_node is both expected and harmful/);
  t.regex(refused({ cluster: { node: { ready: 'no' } } }) ?? '', /\[0\]\.cluster\.node\.ready: /);
});

test('corpus files join into one corpus, and an id used twice is refused', (t) => {
  const a = parseCorpus([corpusEntry()]);
  const b = parseCorpus([corpusEntry({ id: 'other' })]);
  t.deepEqual(
    joinCorpora([a, b]).map((e) => e.id),
    ['node-not-ready', 'other'],
  );
  t.throws(() => joinCorpora([a, a]), { instanceOf: InvalidError, message: 'invalid corpus: entry id node-not-ready is used twice' });
});
