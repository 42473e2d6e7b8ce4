import * as z from 'zod';
import type { ActionName } from '../domain/action-name.ts';
import { allActions } from '../catalog/catalog.ts';

// One flat parameters object: small models fill named optional fields far more reliably than a union of shapes.
// A key two actions declare differently takes either shape here; the chosen action's own schema decides later.
const parameterShape = (): Record<string, z.ZodType> => {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of allActions()) {
    for (const [key, schema] of Object.entries(spec.parameters.shape as Record<string, z.ZodType>)) {
      const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
      shape[key] = shape[key] ? z.union([shape[key] as z.ZodType, inner]) : inner;
    }
  }
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()]));
};

/** What the model must answer, for the actions allowed for this alert; its JSON schema is the model's `format`. */
export const recommendationOutput = (allowed: readonly ActionName[]) =>
  z.object({
    action: z.enum(allowed as [ActionName, ...ActionName[]]).describe('one of the allowed actions'),
    parameters: z.strictObject(parameterShape()).describe("the action's parameters; leave out the ones it does not take"),
    confidence: z.number().min(0).max(1).describe('how sure you are this action helps, from 0 to 1'),
    reasoning: z.string().min(1).max(1000).describe('why, in two or three sentences'),
    evidence: z.array(z.string().max(300)).max(8).describe('the facts from the alert data you relied on'),
  });
export type RecommendationOutput = z.infer<ReturnType<typeof recommendationOutput>>;

/** The JSON schema sent as the model's structured-output format. */
export const outputFormat = (allowed: readonly ActionName[]): Record<string, unknown> =>
  z.toJSONSchema(recommendationOutput(allowed)) as Record<string, unknown>;
