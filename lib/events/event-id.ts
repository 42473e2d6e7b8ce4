import { hash } from 'node:crypto';

/** A deterministic CloudEvent id: the same parts always give the same id, so redeliveries are recognised. */
export const deterministicId = (...parts: readonly (string | number)[]): string =>
  hash('sha256', parts.map(String).join('\u001f'), 'hex').slice(0, 32);

/** The id of the event a consumer emits in reply to `cause`: a redelivered cause yields the same reply id. */
export const replyId = (type: string, cause: { source: string; id: string }): string => deterministicId(type, cause.source, cause.id);
