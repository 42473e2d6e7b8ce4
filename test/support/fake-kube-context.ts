import { isObject, type JsonObject } from './fake-kube-json.ts';
import type { ResourceType } from './fake-kube-resources.ts';
import { badRequest, type GroupResource, invalid, notFound, notSupportedField } from './fake-kube-status.ts';
import type { ObjectStore } from './fake-kube-store.ts';

/** What the handlers share: the objects, the scripted container logs, and which objects carry a test-pinned status. */
export interface FakeKubeState {
  store: ObjectStore;
  /** Log text by `namespace/pod/container/current|previous`. */
  logs: Map<string, string>;
  /** Keys (`group/resource/namespace/name`) of objects whose status a test set, which the controllers leave alone. */
  pinnedStatus: Set<string>;
}

/** A request for a resource, already routed. */
export interface ResourceRequest {
  type: ResourceType;
  verb: string;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  query: Record<string, string>;
  contentType: string | undefined;
  body: string;
}

/** An HTTP answer. */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** A JSON answer. */
export const json = (status: number, value: unknown): Reply => ({ status, contentType: 'application/json', body: JSON.stringify(value) });

/** The log-text key of one container's current or previous logs. */
export const logKey = (namespace: string, pod: string, container: string, previous: boolean): string =>
  `${namespace}/${pod}/${container}/${previous ? 'previous' : 'current'}`;

/** The pinned-status key of an object. */
export const objectKey = (type: ResourceType, namespace: string, name: string): string =>
  `${type.group}/${type.resource}/${namespace}/${name}`;

/** The group and resource errors name a type by. */
export const gr = (type: ResourceType): GroupResource => ({ group: type.group, resource: type.resource });

/** The stored object a request names, or its 404. */
export const existing = (state: FakeKubeState, type: ResourceType, namespace: string | undefined, name: string): JsonObject => {
  const found = state.store.get(type, namespace ?? '', name);
  if (!found) throw notFound(gr(type), name);
  return found;
};

/** A request body as JSON, or the API server's 400. */
export const parseJson = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
};

/** A request body as a JSON object, or the API server's 400. */
export const parseObject = (body: string): JsonObject => {
  const parsed = parseJson(body);
  if (!isObject(parsed)) throw badRequest("couldn't get version/kind; json parse error: the body is not a JSON object");
  return parsed;
};

/** The 400 of a body that does not decode into the resource's Go type. */
export const cannotDecode = (type: ResourceType, why: string, kind = type.kind, version = type.version): never => {
  throw badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${why}`);
};

const OPTIONS_KIND: Readonly<Record<string, string>> = {
  create: 'CreateOptions',
  update: 'UpdateOptions',
  patch: 'PatchOptions',
  delete: 'DeleteOptions',
};

/** Whether `?dryRun=All` asks for a write that is validated but not stored (any other value is a 422). */
export const isDryRun = (r: ResourceRequest): boolean => {
  const value = r.query.dryRun;
  if (value === undefined) return false;
  if (value !== 'All')
    throw invalid('meta.k8s.io', OPTIONS_KIND[r.verb] ?? 'CreateOptions', '', [notSupportedField('dryRun', value, ['All'])]);
  return true;
};
