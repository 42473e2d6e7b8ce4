// Passes ava's TAP output through and ends with the line CI reads: "N passed, N failed, N skipped".
// Exits non-zero when a test failed, when no test ran, or when the TAP stream never finished (ava crashed).
import { createInterface } from 'node:readline';

let passed = 0;
let failed = 0;
let skipped = 0;
let planned = false;
for await (const line of createInterface({ input: process.stdin })) {
  process.stdout.write(line + '\n');
  if (/^ok \d+/.test(line)) /# (SKIP|TODO)/i.test(line) ? skipped++ : passed++;
  else if (/^not ok \d+/.test(line)) /# TODO/i.test(line) ? skipped++ : failed++;
  else if (/^1\.\.\d+/.test(line)) planned = true;
  else if (/^Bail out!/.test(line)) failed++;
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
if (!planned) process.stdout.write('the test run did not finish (no TAP plan line)\n');
process.exitCode = failed > 0 || passed === 0 || !planned ? 1 : 0;
