import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Manifest } from '../../lib/broker/knative-manifests.ts';
import { loadManifests } from '../../lib/broker/knative-manifests.ts';

type Op = { op: 'add' | 'replace'; path: string; value: unknown };
type Kustomization = { resources?: string[]; patches?: { path: string; target: { kind: string; name?: string } }[] };

// RFC 6902 paths as kustomize applies them: "/a/0/b" and "-" to append to a list (only add and replace are used).
const apply = (doc: unknown, op: Op): void => {
  const keys = op.path
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = doc as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const next = Array.isArray(node) ? node[Number(key)] : node[key];
    if (next === undefined) throw new Error(`${op.path}: ${key} does not exist`);
    node = next as Record<string, unknown>;
  }
  const last = keys.at(-1) ?? '';
  if (Array.isArray(node)) {
    if (last === '-') node.push(structuredClone(op.value));
    else node.splice(Number(last), op.op === 'replace' ? 1 : 0, structuredClone(op.value));
  } else node[last] = structuredClone(op.value);
};

/**
 * What `kubectl kustomize <dir>` gives for an overlay whose base is `../` and whose patches are JSON patches with
 * a kind (and name) target: the base objects with the patches applied, plus the overlay's own resources.
 */
export const renderOverlay = (dir: string, base: readonly Manifest[]): Manifest[] => {
  const k = parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const own = loadManifests(dir).filter((m) => (k.resources ?? []).some((r) => m.file.endsWith(`/${r}`)));
  const out = [...base, ...own].map((m) => structuredClone(m));
  for (const patch of k.patches ?? []) {
    const ops = parseYaml(readFileSync(join(dir, patch.path), 'utf8')) as Op[];
    const targets = out.filter((m) => m.kind === patch.target.kind && (!patch.target.name || m.metadata.name === patch.target.name));
    if (targets.length === 0) throw new Error(`${patch.path}: no ${patch.target.kind} ${patch.target.name ?? ''} to patch`);
    for (const target of targets) for (const op of ops) apply(target, op);
  }
  return out;
};
