import test from 'ava';
import { deterministicId, replyId } from '../../../lib/events/event-id.ts';

// Ids already stored and sent: a change of how they are computed would make every redelivery look new.
test('event ids stay the ones already stored for the same parts', (t) => {
  t.is(deterministicId('b8fb038fbfb8560d', 'firing', '2026-11-27T00:51:56.610Z'), '6759be84bb3cc870cf4e84457ed8b02d');
  t.is(deterministicId('f', 'resolved', '2026-11-27T00:51:56.610Z'), '56aea84a2267c4c3a3220e97a199fd12');
  t.is(deterministicId('café 🔥', 42, ''), '2c217e383440acc2ba60c9676d10b77e');
  t.is(deterministicId(), 'e3b0c44298fc1c149afbf4c8996fb924');
  t.is(replyId('dev.alerts-slm.action.recommended.v1', { source: '/alerts-slm/ingest', id: 'abc' }), 'c68a159e2cad65ac07bd92d4b0d3d64d');
});

test('parts are separated, so moving text from one part to the next changes the id', (t) => {
  t.not(deterministicId('ab', 'c'), deterministicId('a', 'bc'));
});
