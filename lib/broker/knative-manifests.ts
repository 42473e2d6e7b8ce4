import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One Kubernetes object from a manifest, with the file it came from. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  file: string;
  [key: string]: unknown;
}

/** Every object in the YAML files of `dir` and its subfolders (kustomization files excluded); throws on bad YAML. */
export const loadManifests = (dir: string): Manifest[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !e.name.startsWith('kustomization'))
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc) => {
        if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
        const value = doc.toJS() as Manifest | null;
        return value && typeof value === 'object' && 'kind' in value ? [{ ...value, file }] : [];
      }),
    );
