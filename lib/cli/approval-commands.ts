import { parseArgs } from 'node:util';
import { createHttpBroker } from '../broker/http-broker.ts';
import { loadConfig } from '../config/load-config.ts';
import { approvalWakeUp, approveAction } from '../approvals/approve-action.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import { targetKey } from '../domain/target.ts';
import type { ActionRecord } from '../domain/records.ts';
import { UsageError, type CliIo, type Command } from './command.ts';
import { plannedChange } from '../approvals/planned-change.ts';
import { pendingLines } from './pending-table.ts';
import { withStore } from './store-command.ts';

const fail = (io: CliIo, message: string): number => {
  io.err(message);
  return 1;
};
const who = (io: CliIo, by: string | undefined) => by ?? io.env.USER ?? 'unknown';
const idAndBy = (args: string[]) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { by: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('give exactly one action id (see alerts-slm pending)');
  return { id: positionals[0] as string, by: values.by };
};
// How the wake-up reaches execute: the local runner's broker (commands run inside it), or the broker at BROKER_URL.
const publisher = (io: CliIo): ((events: CloudEventEnvelope[]) => Promise<void>) | null => {
  if (io.publish) return io.publish;
  const { url, tokenFile } = loadConfig(io.env).broker;
  if (!url) return null;
  const broker = createHttpBroker({ url, timeoutMs: 5000, concurrency: 1, tokenFile });
  return async (events) => void (await broker.publish(events));
};

const NOT_WOKEN = [
  'execute has not been woken: nothing here reaches a broker.',
  '  locally: start the pipeline (make run); it wakes execute for every approved action when it starts.',
  '  on a cluster: set BROKER_URL to the broker\'s ingress (knative/README.md, "Approving on a cluster") and run approve again.',
];

/**
 * `alerts-slm approve`: records the approval (who, when) in the store, then wakes execute, which reads it there,
 * checks every gate again but the approval, and performs the action. Approving an approved action wakes it again.
 */
export const approveCommand: Command = {
  name: 'approve',
  usage: 'approve <action-id> [--by NAME]',
  summary: 'approve a pending action: recorded with who approved it; execute re-checks every other gate, then performs it',
  usesStore: true,
  async run(args, io) {
    const { id, by } = idAndBy(args);
    const policy = loadConfig(io.env).policy;
    return withStore(io, async (store) => {
      const result = await approveAction(store, id, who(io, by), { ttlMs: policy.approvalTtlMs, now: new Date() });
      if (!result.approved) return fail(io, result.reason);
      const { action } = result;
      const what = `${action.action} on ${action.target ? targetKey(action.target) : '(cluster)'}`;
      io.out(`approved ${id} (${what}), recorded as approved by ${action.decidedBy} at ${action.decidedAt?.toISOString()}`);
      const publish = publisher(io);
      if (!publish) {
        for (const line of NOT_WOKEN) io.err(line);
        return 0;
      }
      try {
        await publish([approvalWakeUp(action, new Date())]);
      } catch (error) {
        io.err(`execute could not be woken (${(error as Error).message}); the approval stays recorded: run approve again`);
        return 1;
      }
      io.out('execute was woken: it checks every other gate again, then performs it (alerts-slm history shows the outcome)');
      return 0;
    });
  },
};

/** `alerts-slm reject`: records that a person said no to a pending action (declined). */
export const rejectCommand: Command = {
  name: 'reject',
  usage: 'reject <action-id> [--by NAME]',
  summary: 'reject a pending action (recorded as declined, with who declined it)',
  usesStore: true,
  async run(args, io) {
    const { id, by } = idAndBy(args);
    return withStore(io, async (store) => {
      if (!(await store.actions.decidePending(id, 'declined', who(io, by)))) return fail(io, `action ${id} is not waiting for approval`);
      io.out(`declined ${id} (by ${who(io, by)})`);
      return 0;
    });
  },
};

/** `alerts-slm pending`: the actions waiting for a person, with the exact change and why; then the approved ones not done yet. */
export const pendingCommand: Command = {
  name: 'pending',
  usage: 'pending [--json]',
  summary: 'the actions waiting for approval (the exact change, why they wait), and approved ones not carried out yet',
  usesStore: true,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    const policy = loadConfig(io.env).policy;
    const [waiting, approved] = await withStore(io, (store) => Promise.all([store.actions.pendingApprovals(), store.actions.approved()]));
    if (values.json) {
      const withChange = (list: ActionRecord[]) => list.map((a) => ({ ...a, change: plannedChange(a) }));
      io.out(JSON.stringify({ waiting: withChange(waiting), approved: withChange(approved) }, null, 2));
      return 0;
    }
    for (const line of pendingLines(waiting, approved, new Date(), policy.approvalTtlMs)) io.out(line);
    return 0;
  },
};
