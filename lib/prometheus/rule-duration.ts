/**
 * The `for:` of the alerting rule named `alertname`, in milliseconds, from Prometheus' rules API at `baseUrl`
 * (PROMETHEUS_URL, or the origin of the alert's generatorURL); null when it cannot be found.
 */
export const ruleDuration = async (baseUrl: string, alertname: string, timeoutMs: number): Promise<number | null> => {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/v1/rules?type=alert`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return null;
    const body = (await response.json()) as { data?: { groups?: { rules?: { name?: string; duration?: number }[] }[] } };
    const rule = body.data?.groups?.flatMap((g) => g.rules ?? []).find((r) => r.name === alertname);
    return typeof rule?.duration === 'number' ? rule.duration * 1000 : null;
  } catch {
    return null;
  }
};

/** Where to ask: the configured Prometheus, else the server that generated the alert. */
export const prometheusFor = (configured: string | null, generatorURL: string | null): string | null => {
  if (configured) return configured;
  try {
    return generatorURL ? new URL(generatorURL).origin : null;
  } catch {
    return null;
  }
};
