import type { ActionRecommended } from '../events/action-recommended.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { RecommendationInput } from '../domain/records.ts';
import { targetColumns } from './row-mapping.ts';
import type { Sql } from './sql.ts';

/** Stores a recommendation with its provenance and the model's raw answer; returns its id. */
export const insertRecommendation = async (sql: Sql, r: RecommendationInput, now: Date): Promise<string> => {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO recommendations (event_id, incident_id, alert_fingerprint, alertname, target_kind, target_namespace, target_name, target_key,
       target_verified, action, parameters, confidence, reasoning, evidence, source, provider, model, model_digest, prompt_version,
       latency_ms, prompt_tokens, completion_tokens, degraded, raw_output, created_at, event, facts_source, facts_fallback, predicted_success, predicted_samples)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)
     ON CONFLICT (event_id) DO UPDATE SET event_id = EXCLUDED.event_id
     RETURNING id`,
    [
      r.eventId,
      r.incidentId,
      r.fingerprint,
      r.alertname,
      ...targetColumns(r.target),
      r.target?.verified ?? false,
      r.action,
      JSON.stringify(r.parameters),
      r.confidence,
      r.reasoning,
      JSON.stringify(r.evidence),
      r.provenance.source,
      r.provenance.provider,
      r.provenance.model,
      r.provenance.modelDigest,
      r.provenance.promptVersion,
      r.provenance.latencyMs,
      r.provenance.tokens.prompt,
      r.provenance.tokens.completion,
      r.provenance.degraded,
      r.rawOutput,
      now,
      JSON.stringify(r.event),
      r.provenance.facts?.source ?? null,
      r.provenance.facts?.fallback ?? null,
      r.prediction?.successProbability ?? null,
      r.prediction?.samples ?? null,
    ],
  );
  return String(rows[0]?.id);
};

/** The recommendation event stored under this id, exactly as it was published; null when none was. */
export const storedRecommendation = async (sql: Sql, eventId: string): Promise<CloudEventEnvelope | null> => {
  const { rows } = await sql.query<{ event: CloudEventEnvelope | null }>('SELECT event FROM recommendations WHERE event_id = $1', [
    eventId,
  ]);
  return rows[0]?.event ?? null;
};

/** What to store for a recommendation event about to be published (analyze's answer, assess's compensation). */
export const recommendationInput = (event: ReturnType<typeof ActionRecommended.create>, rawOutput: string | null): RecommendationInput => {
  const d = event.data;
  return {
    eventId: event.id,
    incidentId: d.incident.id,
    fingerprint: d.alert.fingerprint,
    alertname: d.alert.alertname,
    target: d.target,
    action: d.action,
    parameters: d.parameters,
    confidence: d.confidence,
    reasoning: d.reasoning,
    evidence: d.evidence,
    provenance: d.provenance,
    prediction: d.prediction ?? null,
    rawOutput,
    event,
  };
};
