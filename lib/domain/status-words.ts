import type { ActionStatus } from './execution.ts';

/**
 * What each stored status means, in words that keep apart what a gate did, what a person did and what the cluster
 * did: `word` for a table column, `meaning` for a sentence (the model's context, `pending`, notifications).
 */
export const STATUS_WORDS: Readonly<Record<ActionStatus, { word: string; meaning: string }>> = {
  succeeded: { word: 'performed', meaning: 'performed' },
  failed: { word: 'failed', meaning: 'performed, and it failed' },
  skipped: { word: 'skipped', meaning: 'skipped: it could not be done (the target was gone, or the cluster could not be read)' },
  dry_run: { word: 'dry run', meaning: 'simulated only (dry run): nothing was changed' },
  running: { word: 'running', meaning: 'being performed' },
  rejected: { word: 'blocked', meaning: 'blocked by a safety gate' },
  approval_required: { word: 'awaiting approval', meaning: 'waiting for a person to approve it' },
  approved: { word: 'approved', meaning: 'approved by a person, not carried out yet' },
  declined: { word: 'declined', meaning: 'declined by a person' },
  expired: { word: 'expired', meaning: 'nobody approved it in time' },
};
