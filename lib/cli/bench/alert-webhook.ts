const TOKEN = 'bench';

// The characters Kubernetes uses in a pod name's random suffix.
const SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

/** The `i`th replica's pod name of deployment `api` (one ReplicaSet): one workload, a distinct pod per alert. */
export const replicaPod = (i: number): string => {
  let suffix = '';
  for (let n = i, k = 0; k < 5; k++, n = Math.floor(n / SUFFIX.length)) suffix += SUFFIX[n % SUFFIX.length];
  return `api-7c9d5b8f6-${suffix}`;
};

const ATTEMPTS = 3;

/**
 * Posts one Alertmanager webhook carrying `alerts` to the runner (token `bench`); resolves with the retries it took
 * once ingest answered 202. A connection error is retried (as Alertmanager retries), up to ATTEMPTS in all.
 */
export const postAlerts = async (url: string, alerts: readonly Record<string, unknown>[]): Promise<number> => {
  const body = JSON.stringify({
    version: '4',
    groupKey: 'bench',
    status: 'firing',
    receiver: 'bench',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.bench',
    alerts,
  });
  for (let attempt = 1; ; attempt++) {
    let r: Response;
    try {
      r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body });
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      continue;
    }
    await r.arrayBuffer();
    if (r.status !== 202) throw new Error(`ingest answered ${r.status}`);
    return attempt - 1;
  }
};

/** A firing crash-loop alert for pod `pod` in `namespace`, with its own fingerprint. */
export const crashLoop = (namespace: string, pod: string, fingerprint: string): Record<string, unknown> => ({
  status: 'firing',
  labels: { alertname: 'KubePodCrashLooping', namespace, pod, severity: 'warning' },
  annotations: { summary: 'bench' },
  startsAt: new Date().toISOString(),
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: '',
  fingerprint,
});
