import type { GitOpsFacts } from '../domain/facts.ts';

type Meta = { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined;

// Argo CD marks what it manages with a tracking annotation (or its instance label); Flux with its
// kustomize/helm controller labels. `app.kubernetes.io/instance` alone is Helm's too, so it is not evidence.
const MARKERS: readonly { manager: GitOpsFacts['manager']; where: 'labels' | 'annotations'; key: string }[] = [
  { manager: 'argocd', where: 'annotations', key: 'argocd.argoproj.io/tracking-id' },
  { manager: 'argocd', where: 'labels', key: 'argocd.argoproj.io/instance' },
  { manager: 'flux', where: 'labels', key: 'kustomize.toolkit.fluxcd.io/name' },
  { manager: 'flux', where: 'labels', key: 'helm.toolkit.fluxcd.io/name' },
];

/** Who manages this object from Git, if anyone (they may revert a change we make). */
export const gitopsManager = (meta: Meta): GitOpsFacts | null => {
  for (const m of MARKERS) {
    const value = meta?.[m.where]?.[m.key];
    if (value) return { manager: m.manager, detail: `${m.key}=${value}` };
  }
  return null;
};
