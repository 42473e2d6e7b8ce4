/** Asks Alertmanager's API whether an alert is still active (null when it cannot say). */
export const createAlertmanagerApi = (options: { url: string; timeoutMs: number }) => ({
  async isFiring(alertname: string, fingerprint: string): Promise<boolean | null> {
    const filter = encodeURIComponent(`alertname="${alertname.replace(/"/g, '\\"')}"`);
    const url = `${options.url.replace(/\/+$/, '')}/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true&filter=${filter}`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
      if (!response.ok) return null;
      const alerts = (await response.json()) as { fingerprint?: string; status?: { state?: string } }[];
      // Silenced or inhibited, the alert is still active: the problem is not gone.
      return alerts.some((a) => a.fingerprint === fingerprint);
    } catch {
      return null;
    }
  },
});
/** The Alertmanager API client. */
export type AlertmanagerApi = ReturnType<typeof createAlertmanagerApi>;
