import type { Secret } from '../config/secret.ts';
import { fetchFailure } from '../errors/fetch-failure.ts';

/** What people are told: an action to approve, an alert to look at, or what was done. */
export interface Notification {
  kind: 'notify' | 'approval_required' | 'performed' | 'failed';
  title: string;
  text: string;
  actionId: string | null;
  alertname: string;
  target: string | null;
  details: Record<string, unknown>;
}

/** Where notifications go; each destination answers for itself. */
export interface Notifier {
  readonly configured: boolean;
  /** Sends to every configured destination; resolves with each failure's reason (never throws). */
  notify(n: Notification): Promise<string[]>;
}

const post = async (url: string, body: unknown, timeoutMs: number): Promise<string | null> => {
  try {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return r.ok ? null : `answered ${r.status}`;
  } catch (error) {
    return fetchFailure(error, timeoutMs);
  }
};

// Slack's incoming-webhook format: `text` is required (and the fallback); one section block renders it.
const slackBody = (n: Notification) => ({
  text: `${n.title}\n${n.text}`,
  blocks: [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${n.title}*\n${n.text}${n.actionId && n.kind === 'approval_required' ? `\n\`alerts-slm approve ${n.actionId}\` or \`alerts-slm reject ${n.actionId}\`` : ''}`,
      },
    },
  ],
});

/** A generic JSON webhook and/or a Slack incoming webhook (both URLs are secrets: they never appear in messages). */
export const createNotifier = (options: { webhookUrl: Secret | null; slackWebhookUrl: Secret | null; timeoutMs: number }): Notifier => ({
  configured: Boolean(options.webhookUrl || options.slackWebhookUrl),
  async notify(n) {
    const sends: Promise<string | null>[] = [];
    if (options.webhookUrl)
      sends.push(post(options.webhookUrl.reveal(), { source: 'alerts-slm', ...n }, options.timeoutMs).then((e) => e && `webhook ${e}`));
    if (options.slackWebhookUrl)
      sends.push(post(options.slackWebhookUrl.reveal(), slackBody(n), options.timeoutMs).then((e) => e && `slack ${e}`));
    return (await Promise.all(sends)).filter((e): e is string => e !== null);
  },
});
