import type { Config } from '../config/config-schema.ts';

/** Is the configured model server reachable and serving the model? Resolves with the reason when it is not. */
export const probeModel = async (slm: Config['slm'], timeoutMs = 2000): Promise<{ ok: true } | { ok: false; reason: string }> => {
  const base = slm.endpoint.replace(/\/+$/, '');
  const url = slm.provider === 'openai' || slm.provider === 'localai' ? `${base.replace(/\/v1$/, '')}/v1/models` : `${base}/api/tags`;
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: slm.apiKey ? { authorization: `Bearer ${slm.apiKey.reveal()}` } : {},
    });
    if (!response.ok) return { ok: false, reason: `${url} answered ${response.status}` };
    const body = (await response.json()) as { models?: { name: string; model?: string }[]; data?: { id: string }[] };
    const names = [...(body.models ?? []).flatMap((m) => [m.name, m.model ?? '']), ...(body.data ?? []).map((m) => m.id)];
    return names.includes(slm.model) ? { ok: true } : { ok: false, reason: `${slm.model} is not served at ${base} (pull it first)` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { ok: false, reason: `${url} unreachable (${e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message)})` };
  }
};
