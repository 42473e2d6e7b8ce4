import test from 'ava';
import { quantityBytes } from '../../../../lib/cli/bench/memory-limit.ts';

test('memory quantities are read in bytes, binary and decimal suffixes alike', (t) => {
  t.is(quantityBytes('256Mi'), 256 * 1024 ** 2);
  t.is(quantityBytes('1Gi'), 1024 ** 3);
  t.is(quantityBytes('300M'), 300e6);
  t.is(quantityBytes('268435456'), 268435456);
});

test('a quantity that is not one is refused, naming it', (t) => {
  t.throws(() => quantityBytes('256 MB'), { message: /unsupported memory quantity "256 MB"/ });
});
