import { randomBytes } from 'node:crypto';
import {
  cannotDecode,
  existing,
  type FakeKubeState,
  gr,
  isDryRun,
  json,
  objectKey,
  parseJson,
  parseObject,
  type Reply,
  type ResourceRequest,
} from './fake-kube-context.ts';
import { reconcile } from './fake-kube-controllers.ts';
import {
  at,
  child,
  clone,
  deepEqual,
  goFormat,
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  stringAt,
  stringMapAt,
} from './fake-kube-json.ts';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PATCH_TYPES, type PatchType } from './fake-kube-patch.ts';
import { evict, readLog } from './fake-kube-pods.ts';
import { apiVersionOf, type ResourceType, typeOf } from './fake-kube-resources.ts';
import { labelSelectorString, matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from './fake-kube-selectors.ts';
import {
  alreadyExists,
  badRequest,
  conflict,
  internalError,
  invalid,
  invalidField,
  notFound,
  requiredField,
  unsupportedMediaType,
} from './fake-kube-status.ts';
import { timestamp } from './fake-kube-store.ts';
import {
  admitUpdate,
  decodeFailure,
  eventDecodeFailure,
  validateEventCreate,
  validateScale,
  validateUpdate,
} from './fake-kube-validation.ts';

const pods = typeOf('', 'pods');
const namespaces = typeOf('', 'namespaces');
const storageClasses = typeOf('storage.k8s.io', 'storageclasses');

/** The 400s of a body naming another object than the URL (checkName in the API server). */
const checkName = (object: unknown, namespace: string | undefined, name: string): void => {
  const objectName = stringAt(object, 'metadata', 'name') ?? '';
  if (objectName !== name) throw badRequest(`the name of the object (${objectName}) does not match the name on the URL (${name})`);
  const objectNamespace = stringAt(object, 'metadata', 'namespace') ?? '';
  if (namespace && objectNamespace && objectNamespace !== namespace)
    throw badRequest(`the namespace of the object (${objectNamespace}) does not match the namespace on the request (${namespace})`);
};

/** The 409s of a write whose resourceVersion or uid precondition is stale. */
const checkPreconditions = (type: ResourceType, object: unknown, current: JsonObject, name: string): void => {
  const uid = stringAt(object, 'metadata', 'uid');
  const currentUid = stringAt(current, 'metadata', 'uid') ?? '';
  if (uid && uid !== currentUid)
    throw conflict(gr(type), name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${currentUid}`);
  const resourceVersion = stringAt(object, 'metadata', 'resourceVersion');
  if (resourceVersion && resourceVersion !== stringAt(current, 'metadata', 'resourceVersion')) throw conflict(gr(type), name);
};

/**
 * Stores an update as the generic registry does: server-owned metadata kept, status kept where it is a subresource,
 * generation bumped on a spec change, validation (422) and admission (403), no write (and no new resourceVersion) when
 * nothing changed; then lets the controllers react.
 */
const commitUpdate = (state: FakeKubeState, type: ResourceType, current: JsonObject, proposed: JsonObject, dryRun: boolean): JsonObject => {
  const next: JsonObject = { ...clone(proposed), apiVersion: apiVersionOf(type), kind: type.kind };
  const metadata = child(next, 'metadata');
  const was = objectAt(current, 'metadata') ?? {};
  for (const key of ['name', 'namespace', 'uid', 'creationTimestamp', 'resourceVersion', 'generation', 'deletionTimestamp']) {
    if (was[key] === undefined) delete metadata[key];
    else metadata[key] = was[key];
  }
  if (type.statusSubresource) {
    if (current.status === undefined) delete next.status;
    else next.status = clone(current.status);
  }
  if (type.generation && !deepEqual(next.spec, current.spec)) metadata.generation = (numberAt(current, 'metadata', 'generation') ?? 1) + 1;
  const name = stringAt(current, 'metadata', 'name') ?? '';
  const errors = validateUpdate(type, next, current);
  if (errors.length > 0) throw invalid(type.group, type.kind, name, errors);
  admitUpdate(type, next, current, (className) => state.store.get(storageClasses, '', className));
  if (deepEqual(next, current) || dryRun) return next;
  const stored = state.store.write(type, next);
  reconcile(state.store, type, stored, state.pinnedStatus.has(objectKey(type, stringAt(stored, 'metadata', 'namespace') ?? '', name)));
  return stored;
};

const patchTypeOf = (contentType: string | undefined): PatchType => {
  const bare = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const found = PATCH_TYPES.find((t) => t === bare);
  if (!found) throw unsupportedMediaType();
  if (found === 'application/apply-patch+yaml') throw internalError('fake-kube-api does not implement server-side apply');
  return found;
};

/** Applies a PATCH body to a document; decode failures answer as the API server does for that patch type. */
const applyPatch = (type: ResourceType, patchType: PatchType, document: JsonObject, body: string, decodeKind: ResourceType): JsonObject => {
  const patch = parseJson(body);
  const apply =
    patchType === 'application/json-patch+json'
      ? applyJsonPatch
      : patchType === 'application/merge-patch+json'
        ? applyMergePatch
        : applyStrategicMergePatch;
  const patched = apply(document, patch);
  if (!isObject(patched)) throw badRequest(`couldn't get version/kind; json parse error: the patched object is not a JSON object`);
  const why = decodeFailure(decodeKind, patched);
  if (why === undefined) return patched;
  if (patchType !== 'application/strategic-merge-patch+json')
    cannotDecode(type, why, decodeKind.kind, decodeKind === type ? type.version : 'v1');
  throw invalid('', '', '', [invalidField('patch', goFormat(patch), why)]);
};

const getObject = (state: FakeKubeState, r: ResourceRequest): Reply => json(200, existing(state, r.type, r.namespace, r.name ?? ''));

const page = (items: JsonObject[], query: Record<string, string>): { items: JsonObject[]; continueToken?: string; remaining?: number } => {
  let offset = 0;
  if (query.continue) {
    offset = Number(Buffer.from(query.continue, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0)
      throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  const limit = Number(query.limit ?? 0);
  if (!limit || offset + limit >= items.length) return { items: items.slice(offset) };
  return {
    items: items.slice(offset, offset + limit),
    continueToken: Buffer.from(String(offset + limit)).toString('base64url'),
    remaining: items.length - offset - limit,
  };
};

const listObjects = (state: FakeKubeState, r: ResourceRequest): Reply => {
  const labels = parseLabelSelector(r.query.labelSelector ?? '');
  const fields = parseFieldSelector(r.query.fieldSelector ?? '', r.type.fieldLabels);
  const matching = state.store
    .list(r.type, r.namespace)
    .filter((o) => matchesRequirements(labels, stringMapAt(o, 'metadata', 'labels')) && matchesFields(fields, o));
  const { items, continueToken, remaining } = page(matching, r.query);
  // Items of a built-in list carry no apiVersion/kind on the wire.
  const bare = items.map(({ apiVersion: _v, kind: _k, ...rest }) => rest);
  const metadata = {
    resourceVersion: state.store.resourceVersion(),
    ...(continueToken ? { continue: continueToken, remainingItemCount: remaining } : {}),
  };
  return json(200, { kind: `${r.type.kind}List`, apiVersion: apiVersionOf(r.type), metadata, items: bare });
};

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const generatedSuffix = (): string => [...randomBytes(5)].map((b) => GENERATE_ALPHABET[b % GENERATE_ALPHABET.length]).join('');

/** metav1.Time has seconds precision: the API server stores and returns whole seconds. */
const truncateTimes = (object: JsonObject, fields: readonly string[]): void => {
  for (const field of fields) {
    const value = object[field];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) object[field] = timestamp(new Date(value));
  }
};

const createObject = (state: FakeKubeState, r: ResourceRequest): Reply => {
  const object = parseObject(r.body);
  // Events have a validation of their own (the legacy core/v1 one); other kinds are taken as their schema allows.
  const isEvent = r.type.kind === 'Event';
  const why = isEvent ? eventDecodeFailure(object) : null;
  if (why) cannotDecode(r.type, why, stringAt(object, 'kind') ?? r.type.kind);
  const metadata = child(object, 'metadata');
  if (metadata.namespace && metadata.namespace !== r.namespace)
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  metadata.namespace = r.namespace;
  for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'generation']) delete metadata[key];
  if (!metadata.name && typeof metadata.generateName === 'string' && metadata.generateName)
    metadata.name = `${metadata.generateName}${generatedSuffix()}`;
  const name = stringAt(object, 'metadata', 'name') ?? '';
  if (!state.store.get(namespaces, '', r.namespace ?? '')) throw notFound(gr(namespaces), r.namespace ?? '');
  const errors = isEvent ? validateEventCreate(object) : [];
  if (errors.length > 0) throw invalid(r.type.group, r.type.kind, name, errors);
  if (!name) throw invalid(r.type.group, r.type.kind, name, [requiredField('metadata.name', 'name or generateName is required')]);
  if (state.store.get(r.type, r.namespace ?? '', name)) throw alreadyExists(gr(r.type), name);
  if (isEvent) truncateTimes(object, ['firstTimestamp', 'lastTimestamp']);
  const created = { ...object, apiVersion: apiVersionOf(r.type), kind: r.type.kind };
  return json(201, isDryRun(r) ? created : state.store.create(r.type, created));
};

const updateObject = (state: FakeKubeState, r: ResourceRequest): Reply => {
  const name = r.name ?? '';
  const current = existing(state, r.type, r.namespace, name);
  const object = parseObject(r.body);
  checkName(object, r.namespace, name);
  const why = decodeFailure(r.type, object);
  if (why) cannotDecode(r.type, why);
  checkPreconditions(r.type, object, current, name);
  return json(200, commitUpdate(state, r.type, current, object, isDryRun(r)));
};

const patchObject = (state: FakeKubeState, r: ResourceRequest): Reply => {
  const patchType = patchTypeOf(r.contentType);
  const name = r.name ?? '';
  const current = existing(state, r.type, r.namespace, name);
  const patched = applyPatch(r.type, patchType, current, r.body, r.type);
  checkName(patched, r.namespace, name);
  checkPreconditions(r.type, patched, current, name);
  return json(200, commitUpdate(state, r.type, current, patched, isDryRun(r)));
};

const deleteOptions = (r: ResourceRequest): JsonObject => {
  const body = r.body.trim() ? parseObject(r.body) : {};
  const grace = r.query.gracePeriodSeconds;
  return grace === undefined ? body : { ...body, gracePeriodSeconds: Number(grace) };
};

const deleteObject = (state: FakeKubeState, r: ResourceRequest): Reply => {
  const name = r.name ?? '';
  const current = existing(state, r.type, r.namespace, name);
  const options = deleteOptions(r);
  const precondition = objectAt(options, 'preconditions');
  const uid = stringAt(precondition, 'uid');
  const currentUid = stringAt(current, 'metadata', 'uid') ?? '';
  if (uid && uid !== currentUid)
    throw conflict(gr(r.type), name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${currentUid}`);
  const rv = stringAt(precondition, 'resourceVersion');
  const currentRv = stringAt(current, 'metadata', 'resourceVersion') ?? '';
  if (rv && rv !== currentRv)
    throw conflict(
      gr(r.type),
      name,
      `the ResourceVersion in the precondition (${rv}) does not match the ResourceVersion in record (${currentRv}). The object might have been modified`,
    );
  const dryRun = isDryRun(r);
  const grace = numberAt(options, 'gracePeriodSeconds') ?? numberAt(current, 'spec', 'terminationGracePeriodSeconds') ?? 30;
  const phase = stringAt(current, 'status', 'phase');
  const graceful = r.type === pods && grace > 0 && stringAt(current, 'spec', 'nodeName') && phase !== 'Succeeded' && phase !== 'Failed';
  let answer = current;
  if (graceful) {
    answer = clone(current);
    Object.assign(child(answer, 'metadata'), {
      deletionTimestamp: timestamp(new Date(Date.now() + grace * 1000)),
      deletionGracePeriodSeconds: grace,
    });
    if (!dryRun) answer = state.store.write(r.type, answer);
  }
  // The kubelet is instant here: the object is gone once the delete answers.
  if (!dryRun) state.store.remove(r.type, r.namespace ?? '', name);
  return json(200, answer);
};

const toScale = (object: JsonObject): JsonObject => {
  const replicas = numberAt(object, 'spec', 'replicas') ?? 1;
  const metadata = objectAt(object, 'metadata') ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      creationTimestamp: metadata.creationTimestamp,
    },
    spec: replicas === 0 ? {} : { replicas },
    status: { replicas: numberAt(object, 'status', 'replicas') ?? 0, selector: labelSelectorString(at(object, 'spec', 'selector')) },
  };
};

const scaleTo = (state: FakeKubeState, r: ResourceRequest, current: JsonObject, scale: JsonObject): Reply => {
  const name = r.name ?? '';
  checkName(scale, r.namespace, name);
  checkPreconditions(r.type, scale, current, name);
  const errors = validateScale(scale);
  if (errors.length > 0) throw invalid('autoscaling', 'Scale', name, errors);
  const next = clone(current);
  child(next, 'spec').replicas = numberAt(scale, 'spec', 'replicas') ?? 0;
  return json(200, toScale(commitUpdate(state, r.type, current, next, isDryRun(r))));
};

const scaleType: ResourceType = { ...typeOf('apps', 'deployments'), group: 'autoscaling', version: 'v1', kind: 'Scale' };

const scale = (state: FakeKubeState, r: ResourceRequest): Reply => {
  const current = existing(state, r.type, r.namespace, r.name ?? '');
  if (r.verb === 'get') return json(200, toScale(current));
  if (r.verb === 'patch')
    return scaleTo(state, r, current, applyPatch(r.type, patchTypeOf(r.contentType), toScale(current), r.body, scaleType));
  const body = parseObject(r.body);
  const why = decodeFailure(scaleType, body);
  if (why) cannotDecode(scaleType, why);
  return scaleTo(state, r, current, body);
};

/** Answers a routed, authorised resource request whose verb the resource serves. */
export const handleResource = (state: FakeKubeState, r: ResourceRequest): Reply => {
  if (r.subresource === 'log') return readLog(state, r);
  if (r.subresource === 'eviction') return evict(state, r);
  if (r.subresource === 'scale') return scale(state, r);
  switch (r.verb) {
    case 'get':
      return getObject(state, r);
    case 'list':
      return listObjects(state, r);
    case 'create':
      return createObject(state, r);
    case 'update':
      return updateObject(state, r);
    case 'patch':
      return patchObject(state, r);
    case 'delete':
      return deleteObject(state, r);
    default:
      throw internalError(`fake-kube-api does not implement ${r.verb}`);
  }
};
