import { randomUUID } from 'node:crypto';
import { child, clone, type JsonObject, stringAt } from './fake-kube-json.ts';
import type { ResourceType } from './fake-kube-resources.ts';

/** The objects of a fake API server, keyed like etcd, with one cluster-wide resourceVersion counter. */
export interface ObjectStore {
  get(type: ResourceType, namespace: string, name: string): JsonObject | undefined;
  /** Objects of a type, in one namespace or all, in etcd key order (namespace, then name). */
  list(type: ResourceType, namespace?: string): JsonObject[];
  /** Stores an object, filling a missing uid, creationTimestamp and generation (for types that keep it); gives it a resourceVersion. */
  create(type: ResourceType, object: JsonObject): JsonObject;
  /** Stores a changed object under a new resourceVersion. */
  write(type: ResourceType, object: JsonObject): JsonObject;
  remove(type: ResourceType, namespace: string, name: string): void;
  /** The latest resourceVersion handed out (a list's metadata.resourceVersion). */
  resourceVersion(): string;
  clear(): void;
}

/** An RFC 3339 timestamp with seconds precision, as metav1.Time serialises. */
export const timestamp = (date: Date = new Date()): string => `${date.toISOString().slice(0, 19)}Z`;

/** An in-memory ObjectStore; resourceVersions start where a young cluster's might. */
export const createObjectStore = (): ObjectStore => {
  const objects = new Map<string, JsonObject>();
  let version = 1000;
  const keyOf = (type: ResourceType, namespace: string, name: string): string => `${type.group}/${type.resource}/${namespace}/${name}`;
  const keyOfObject = (type: ResourceType, object: JsonObject): string =>
    keyOf(type, stringAt(object, 'metadata', 'namespace') ?? '', stringAt(object, 'metadata', 'name') ?? '');
  const write = (type: ResourceType, object: JsonObject): JsonObject => {
    const stored = clone(object);
    child(stored, 'metadata').resourceVersion = String(++version);
    objects.set(keyOfObject(type, stored), stored);
    return clone(stored);
  };
  return {
    get: (type, namespace, name) => {
      const found = objects.get(keyOf(type, namespace, name));
      return found && clone(found);
    },
    list: (type, namespace) => {
      const prefix = namespace === undefined ? `${type.group}/${type.resource}/` : keyOf(type, namespace, '');
      return [...objects.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, object]) => clone(object));
    },
    create: (type, object) => {
      const created = clone(object);
      const metadata = child(created, 'metadata');
      metadata.uid ??= randomUUID();
      metadata.creationTimestamp ??= timestamp();
      if (type.generation) metadata.generation ??= 1;
      return write(type, created);
    },
    write,
    remove: (type, namespace, name) => {
      objects.delete(keyOf(type, namespace, name));
    },
    resourceVersion: () => String(version),
    clear: () => objects.clear(),
  };
};
