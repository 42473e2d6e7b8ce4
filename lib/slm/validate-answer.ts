import type { ActionName } from '../domain/action-name.ts';
import { actionSpec } from '../catalog/catalog.ts';
import * as z from 'zod';
import type { AnalysisContext } from './analysis-context.ts';
import { recommendationOutput } from './recommendation-output.ts';

/** A recommendation that passed every check: its parameters are exactly those of the chosen action. */
export interface ValidAnswer {
  action: ActionName;
  parameters: Record<string, unknown>;
  confidence: number;
  reasoning: string;
  evidence: string[];
}

/** Valid, or the reason it is not (shown to the model in the repair attempt). */
export type Validation = { ok: true; answer: ValidAnswer } | { ok: false; problem: string };

const fail = (problem: string): Validation => ({ ok: false, problem });

// Checks that need the facts: an answer can fit the schema and still make no sense for this target.
const sensible = (a: ValidAnswer, context: AnalysisContext): string | null => {
  const p = a.parameters as { replicas?: number; min_replicas?: number; max_replicas?: number; resource?: string };
  const replicas = context.workload?.replicas;
  if (a.action === 'scale_deployment' && replicas !== null && replicas !== undefined && p.replicas === replicas) {
    return `parameters.replicas: the workload already runs ${replicas} replicas`;
  }
  if (a.action === 'scale_deployment' && context.workload?.hpa)
    return 'scale_deployment: an HPA controls this workload; adjust_hpa instead';
  if (a.action === 'adjust_hpa' && p.min_replicas !== undefined && p.max_replicas !== undefined && p.min_replicas > p.max_replicas) {
    return 'parameters.min_replicas: must not exceed max_replicas';
  }
  if (a.action === 'rollback_deployment' && context.workload && !context.workload.hasPreviousRevision)
    return 'rollback_deployment: there is no previous revision';
  if (a.action === 'increase_resources' && context.workload && context.chain.container) {
    const c = context.workload.containers.find((x) => x.name === context.chain.container);
    if (!c) return `increase_resources: the workload has no container ${context.chain.container}`;
  }
  return null;
};

// Strict structured outputs (OpenAI) have no optional keys: a parameter left out arrives as null (strict-json-schema.ts).
const withoutNullParameters = (json: unknown): unknown => {
  if (typeof json !== 'object' || json === null || !('parameters' in json)) return json;
  const { parameters } = json;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) return json;
  return { ...json, parameters: Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== null)) };
};

/** Parses and checks a model answer: JSON, the output schema, an allowed action, its own parameters, and sense. */
export const validateAnswer = (content: string, context: AnalysisContext): Validation => {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  const shaped = recommendationOutput(context.allowedActions).safeParse(withoutNullParameters(json));
  if (!shaped.success) {
    const issue = shaped.error.issues[0];
    return fail(`${z.core.toDotPath(issue?.path ?? []) || 'answer'}: ${issue?.message ?? 'invalid'}`);
  }
  const spec = actionSpec(shaped.data.action);
  // Only the chosen action's own parameters count; anything else the model filled in is dropped.
  const declared = Object.fromEntries(Object.entries(shaped.data.parameters).filter(([k]) => k in spec.parameters.shape));
  const params = spec.parameters.safeParse(declared);
  if (!params.success) {
    const issue = params.error.issues[0];
    return fail(`parameters.${z.core.toDotPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'} for ${spec.name}`);
  }
  const answer: ValidAnswer = { ...shaped.data, parameters: params.data as Record<string, unknown> };
  const nonsense = sensible(answer, context);
  return nonsense ? fail(nonsense) : { ok: true, answer };
};
