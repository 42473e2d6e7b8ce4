import { clone, deepEqual, goFormat, isObject, type JsonObject } from './fake-kube-json.ts';
import { badRequest, internalError, patchDoesNotApply } from './fake-kube-status.ts';

/** The PATCH content types the API server accepts for built-in resources (apply is accepted but not implemented here). */
export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

/** One of PATCH_TYPES. */
export type PatchType = (typeof PATCH_TYPES)[number];

const parsePointer = (pointer: unknown): string[] => {
  if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) throw patchDoesNotApply();
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
};

const arrayIndex = (token: string, length: number, allowEnd: boolean): number => {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw patchDoesNotApply();
  const index = Number(token);
  if (index > length || (!allowEnd && index === length)) throw patchDoesNotApply();
  return index;
};

const valueAt = (root: unknown, tokens: readonly string[]): unknown => {
  let current = root;
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[arrayIndex(token, current.length, false)];
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
    else throw patchDoesNotApply();
  }
  return current;
};

const parentOf = (root: unknown, tokens: readonly string[]): { parent: unknown; last: string } => ({
  parent: valueAt(root, tokens.slice(0, -1)),
  last: tokens.at(-1) ?? '',
});

const addAt = (root: unknown, tokens: readonly string[], value: unknown): unknown => {
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(root, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw patchDoesNotApply();
  return root;
};

const removeAt = (root: unknown, tokens: readonly string[]): unknown => {
  if (tokens.length === 0) throw patchDoesNotApply();
  const { parent, last } = parentOf(root, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
  else if (isObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw patchDoesNotApply();
  return root;
};

const applyOperation = (root: unknown, operation: unknown): unknown => {
  if (!isObject(operation)) throw patchDoesNotApply();
  const path = parsePointer(operation.path);
  const value = clone(operation.value);
  switch (operation.op) {
    case 'add':
      return addAt(root, path, value);
    case 'remove':
      return removeAt(root, path);
    case 'replace':
      if (path.length === 0) return value;
      valueAt(root, path);
      return addAt(removeAt(root, path), path, value);
    case 'move': {
      const from = parsePointer(operation.from);
      if (path.length > from.length && from.every((token, i) => path[i] === token)) throw patchDoesNotApply();
      const moved = valueAt(root, from);
      return addAt(removeAt(root, from), path, moved);
    }
    case 'copy':
      return addAt(root, path, clone(valueAt(root, parsePointer(operation.from))));
    case 'test':
      if (!deepEqual(valueAt(root, path), operation.value)) throw patchDoesNotApply();
      return root;
    default:
      throw patchDoesNotApply();
  }
};

/** RFC 6902 JSON Patch; a body that is not an operation list is a 400, an operation that does not apply a 422. */
export const applyJsonPatch = (document: unknown, patch: unknown): unknown => {
  if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return patch.reduce((root: unknown, operation) => applyOperation(root, operation), clone(document));
};

const mergePatch = (target: unknown, patch: unknown): unknown => {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
};

/** RFC 7386 JSON Merge Patch: objects merge, null deletes, lists are replaced whole. */
export const applyMergePatch = (document: unknown, patch: unknown): unknown => {
  if (!isObject(patch)) throw badRequest('Invalid JSON Patch');
  return mergePatch(document, patch);
};

/** The patchMergeKey of each list the fake's resources declare with patchStrategy=merge (keyed by field name). */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  resourceClaims: 'name',
  schedulingGates: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  ownerReferences: 'uid',
  conditions: 'type',
  addresses: 'type',
};

/** Lists of scalars declared patchStrategy=merge: the patch's values are added (set union). */
const MERGED_SCALAR_LISTS: ReadonlySet<string> = new Set(['finalizers']);

const isDirective = (key: string): boolean => key.startsWith('$');

/** New content from a patch: directives stripped, nulls dropped (they decode to nothing). */
const plain = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.filter((item) => !(isObject(item) && item.$patch === 'delete')).map(plain);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !isDirective(key) && v !== null)
      .map(([key, v]) => [key, plain(v)]),
  );
};

const mergeKeyedList = (original: unknown[], patch: unknown[], mergeKey: string): unknown[] => {
  const result = clone(original);
  for (const item of patch) {
    if (!isObject(item)) continue;
    if (!Object.hasOwn(item, mergeKey)) throw internalError(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
    const matches = (candidate: unknown): boolean => isObject(candidate) && deepEqual(candidate[mergeKey], item[mergeKey]);
    const index = result.findIndex(matches);
    if (item.$patch === 'delete') {
      for (let i = result.length - 1; i >= 0; i--) if (matches(result[i])) result.splice(i, 1);
    } else if (index >= 0) result[index] = strategicMerge(result[index], item);
    else result.push(plain(item));
  }
  return result;
};

const mergeList = (key: string, original: unknown, patch: unknown[]): unknown[] => {
  if (patch.some((item) => isObject(item) && item.$patch === 'replace'))
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map(plain);
  const mergeKey = MERGE_KEYS[key];
  const existing = Array.isArray(original) ? original : [];
  if (mergeKey && patch.every(isObject)) return mergeKeyedList(existing, patch, mergeKey);
  if (MERGED_SCALAR_LISTS.has(key)) return [...existing, ...patch.filter((value) => !existing.some((e) => deepEqual(e, value)))];
  return patch.map(plain);
};

const reorder = (list: unknown, order: unknown, key: string): unknown => {
  if (!Array.isArray(list) || !Array.isArray(order)) return list;
  const mergeKey = MERGE_KEYS[key];
  const identity = (item: unknown): unknown => (mergeKey && isObject(item) ? item[mergeKey] : item);
  const position = (item: unknown): number => {
    const found = order.findIndex((o) => deepEqual(identity(o), identity(item)));
    return found < 0 ? order.length : found;
  };
  return [...list].sort((a, b) => position(a) - position(b));
};

function strategicMerge(original: unknown, patch: JsonObject): unknown {
  if (patch.$patch === 'replace') return plain(patch);
  const result: JsonObject = isObject(original) ? clone(original) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const remove = Array.isArray(value) ? value : [];
      const list = result[field];
      if (Array.isArray(list)) result[field] = list.filter((item: unknown) => !remove.some((r) => deepEqual(r, item)));
    } else if (isDirective(key)) continue;
    else if (value === null || (isObject(value) && value.$patch === 'delete')) delete result[key];
    else if (isObject(value)) result[key] = strategicMerge(result[key], value);
    else if (Array.isArray(value)) result[key] = mergeList(key, result[key], value);
    else result[key] = value;
  }
  for (const [key, order] of Object.entries(patch)) {
    if (key.startsWith('$setElementOrder/')) {
      const field = key.slice('$setElementOrder/'.length);
      result[field] = reorder(result[field], order, field);
    }
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  return result;
}

/**
 * Strategic merge patch for built-in types: maps merge, null deletes, lists declared patchStrategy=merge merge by
 * their key (`containers`/`env`/`volumes` by name, `volumeMounts` by mountPath, `ports` by containerPort, …), other
 * lists are replaced; honours `$patch: delete|replace`, `$setElementOrder/…`, `$deleteFromPrimitiveList/…` and `$retainKeys`.
 */
export const applyStrategicMergePatch = (document: unknown, patch: unknown): unknown => {
  if (!isObject(patch)) throw badRequest('unable to find api field in struct: the patch is not a JSON object');
  return strategicMerge(document, patch);
};
