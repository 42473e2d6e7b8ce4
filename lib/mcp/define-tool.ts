import type * as z from 'zod';
import type { Policy } from '../policy/policy-schema.ts';
import type { FactsCluster } from '../gate-facts/gather-facts.ts';
import type { Store } from '../store/store.ts';
import type { Approval } from '../approvals/approve-action.ts';

/** What the tools read: the store (over a read-only connection), the policy, the cluster's reads, the clock. */
export interface HistoryToolDeps {
  store: Store;
  policy: Policy;
  /** How long after an action its assessment is due: the window of the no-action baseline. */
  validityMs: number;
  cluster: FactsCluster;
  now: () => Date;
  /** Records an approval and wakes execute; present only where approving through MCP was enabled. */
  approve?: (actionId: string, by: string) => Promise<Approval & { woken: string }>;
}

/** A tool's answer: a text a person can read and the same facts as structured JSON (its output schema). */
export interface ToolAnswer<O> {
  text: string;
  data: O;
}

/** One MCP tool: its name, what it takes and answers (zod, the single source of both), whether it writes, how it runs. */
export interface ToolSpec<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: I;
  readonly output: O;
  /** Changes something (an approval): registered only where it was explicitly enabled. */
  readonly writes?: true;
  run(deps: HistoryToolDeps, args: z.infer<I>): Promise<ToolAnswer<z.infer<O>>>;
}

/** Declares a tool. */
export const defineTool = <I extends z.ZodObject, O extends z.ZodObject>(spec: ToolSpec<I, O>): ToolSpec<I, O> => spec;
