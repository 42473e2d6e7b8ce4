// A loopback port free right now (faas-js-runtime turns port 0 into 8080, so tests pick one themselves): the
// bench's own helper.
export { freePort } from '../../lib/cli/bench/processes.ts';
