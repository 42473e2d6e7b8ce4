import { parseArgs } from 'node:util';
import { createHttpBroker } from '../broker/http-broker.ts';
import { loadConfig } from '../config/load-config.ts';
import { ActionApproved } from '../events/action-approved.ts';
import { ActionRecommended } from '../events/action-recommended.ts';
import { deterministicId } from '../events/event-id.ts';
import { functionSource } from '../events/event-types.ts';
import { targetKey } from '../events/target.ts';
import { UsageError, type CliIo, type Command } from './command.ts';
import { withStore } from './store-command.ts';

const fail = (io: CliIo, message: string): number => {
  io.err(message);
  return 1;
};
const who = (io: CliIo, by: string | undefined) => by ?? io.env['USER'] ?? 'unknown';
const idAndBy = (args: string[]) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { by: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('give exactly one action id (see alerts-slm pending)');
  return { id: positionals[0] as string, by: values.by };
};
const publisher = (io: CliIo) => {
  if (io.publish) return io.publish;
  const url = loadConfig(io.env).broker.url;
  if (!url) throw new UsageError("set BROKER_URL to the broker's ingress (the approval goes to execute through it)");
  const broker = createHttpBroker({ url, timeoutMs: 5000, concurrency: 1 });
  return async (events: Parameters<typeof broker.publish>[0]) => void (await broker.publish(events));
};

/** `alerts-slm approve`: sends a pending action to execute, which checks every gate again but the approval. */
export const approveCommand: Command = {
  name: 'approve',
  usage: 'approve <action-id> [--by NAME]',
  summary: 'approve a pending action: execute re-checks every gate except the approval, then performs it',
  usesStore: true,
  async run(args, io) {
    const { id, by } = idAndBy(args);
    const policy = loadConfig(io.env).policy;
    return withStore(io, async (store) => {
      const action = await store.action(id);
      if (!action) return fail(io, `no action ${id}`);
      if (action.status !== 'approval_required') return fail(io, `action ${id} is ${action.status}, not waiting for approval`);
      if (Date.now() - action.startedAt.getTime() > policy.approvalTtlMs) {
        await store.decidePending(id, 'expired', who(io, by));
        return fail(io, `action ${id} waited longer than ${Math.round(policy.approvalTtlMs / 60_000)} min and has expired; the next alert will be analysed afresh`);
      }
      const logged = await store.loggedEvent(action.recommendationEventId);
      if (!logged || !ActionRecommended.is(logged)) return fail(io, `the recommendation of action ${id} is not in the event log`);
      const recommendation = ActionRecommended.parse(logged).data;
      const event = ActionApproved.create({ actionId: id, recommendationEventId: action.recommendationEventId, approvedBy: who(io, by), recommendation }, { id: deterministicId('approved', id), source: functionSource('cli'), time: new Date() });
      await publisher(io)([event]);
      io.out(`approved ${id}: ${action.action} on ${action.target ? targetKey(action.target) : '(cluster)'} goes to execute, which checks every other gate again`);
      return 0;
    });
  },
};

/** `alerts-slm reject`: records that a person said no to a pending action. */
export const rejectCommand: Command = {
  name: 'reject',
  usage: 'reject <action-id> [--by NAME]',
  summary: 'reject a pending action (recorded with who rejected it)',
  usesStore: true,
  async run(args, io) {
    const { id, by } = idAndBy(args);
    return withStore(io, async (store) => {
      if (!(await store.decidePending(id, 'rejected', who(io, by)))) return fail(io, `action ${id} is not waiting for approval`);
      io.out(`rejected ${id} (by ${who(io, by)})`);
      return 0;
    });
  },
};

/** `alerts-slm pending`: the actions waiting for a person. */
export const pendingCommand: Command = {
  name: 'pending',
  usage: 'pending [--json]',
  summary: 'list the actions waiting for approval, and why they wait',
  usesStore: true,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    const pending = await withStore(io, (store) => store.pendingApprovals());
    if (values.json) {
      io.out(JSON.stringify(pending, null, 2));
      return 0;
    }
    if (pending.length === 0) io.out('nothing is waiting for approval');
    for (const a of pending) {
      const minutes = Math.round((Date.now() - a.startedAt.getTime()) / 60_000);
      io.out(`${a.id}  ${a.action} on ${a.target ? targetKey(a.target) : '(cluster)'} for ${a.alertname}, waiting ${minutes} min`);
      for (const v of a.verdicts.filter((v) => v.verdict !== 'pass')) io.out(`    ${v.verdict}: ${v.gate}: ${v.reason}`);
    }
    return 0;
  },
};
