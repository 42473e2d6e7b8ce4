import type { AlertData } from '../events/alert-events.ts';
import { formatMatcher, matches, type Matcher } from './matchers.ts';

/** Which alerts the pipeline acts on. Empty lists mean "any". */
export interface AlertFilter {
  severities: readonly string[];
  namespaces: readonly string[];
  excludeNamespaces: readonly string[];
  matchers: readonly Matcher[];
}

/** Kept, or dropped with the reason (counted and logged, never silently lost). */
export type FilterVerdict = { kept: true } | { kept: false; reason: string };

/**
 * Applies the filter. Namespace lists only apply to namespaced alerts: a cluster-scoped alert (a node, the
 * control plane) has no namespace to allow or deny.
 */
export const filterAlert = (alert: AlertData, filter: AlertFilter): FilterVerdict => {
  if (filter.severities.length > 0 && !filter.severities.includes(alert.severity)) {
    return { kept: false, reason: `severity "${alert.severity}" is not one of ${filter.severities.join(', ')}` };
  }
  if (alert.namespace !== null) {
    if (filter.namespaces.length > 0 && !filter.namespaces.includes(alert.namespace)) {
      return { kept: false, reason: `namespace "${alert.namespace}" is not in the allow list` };
    }
    if (filter.excludeNamespaces.includes(alert.namespace)) {
      return { kept: false, reason: `namespace "${alert.namespace}" is in the deny list` };
    }
  }
  const failed = filter.matchers.find((m) => !matches(m, alert.labels));
  return failed ? { kept: false, reason: `labels do not match ${formatMatcher(failed)}` } : { kept: true };
};
