import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { observedOnSeed, reconcile } from './fake-kube-controllers.ts';
import { type FakeKubeState, json, logKey, objectKey, type Reply, type ResourceRequest } from './fake-kube-context.ts';
import { handleResource } from './fake-kube-handlers.ts';
import { child, clone, deepEqual, isObject, type JsonObject, numberAt, objectAt, stringAt, toJson } from './fake-kube-json.ts';
import {
  apiGroupListDocument,
  apiResourceListDocument,
  apiVersionsDocument,
  type ResourceType,
  typeByKind,
  typeByPath,
  typeOf,
} from './fake-kube-resources.ts';
import { forbidden, generic, internalError, KubeError, methodNotAllowed, pathNotFound, unauthorized } from './fake-kube-status.ts';
import { createObjectStore } from './fake-kube-store.ts';

/** One request the fake API server received, and how it answered. */
export interface RecordedRequest {
  method: string;
  /** The URL path, e.g. `/apis/apps/v1/namespaces/prod/deployments/web`. */
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  /** The body parsed as JSON when it is JSON, else the raw text; undefined when empty. */
  body: unknown;
  /** The HTTP status the fake answered with. */
  status: number;
}

/** An object as stored: apiVersion, kind, metadata and whatever else it carries. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Denies a verb on a resource (or `resource/subresource`) as RBAC would: 403 Forbidden. `verb: '*'` denies all verbs. */
export interface ForbidRule {
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
}

/** Which requests a scripted failure answers; omitted members match anything. */
export interface FailureRule {
  verb?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** A scripted failure: an HTTP status answered `times` times (default once) with a generic Status body. */
export interface ScriptedFailure {
  status: number;
  times?: number;
  reason?: string;
  message?: string;
  retryAfterSeconds?: number;
}

/** Who the fake's kubeconfig authenticates as, and who 403 messages name. */
export interface FakeKubeApiOptions {
  /** The user named in Forbidden messages; default the execute function's service account. */
  user?: string;
  /** The bearer token every request must carry (401 otherwise); default `fake-token`. */
  token?: string;
  /** The kubeconfig context's namespace. */
  namespace?: string;
}

/**
 * A Kubernetes API server stand-in over real HTTP: real paths, verbs, content types, status codes and Status bodies for
 * the resources remediation touches, so tests assert exactly what a cluster would have received.
 */
export interface FakeKubeApi {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** A client-node KubeConfig for this server (bearer token, TLS verification off for plain http). */
  kubeConfig(): KubeConfig;
  /** The same as kubeconfig YAML, for KUBECONFIG in a child process. */
  kubeconfigYaml(): string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Every request that was not a GET. */
  mutations(): RecordedRequest[];
  /** Stores an object as the API server would (uid, resourceVersion, creationTimestamp, generation; its namespace if missing) and lets the controllers react; replaces one of the same name. A `status` given here is pinned: controllers leave it alone. */
  add<T extends object>(object: T): T & KubeObject;
  /** The stored object, or undefined. `T` is trusted, not checked: timestamps are strings here. */
  get<T = KubeObject>(apiVersion: string, kind: string, namespace: string | null, name: string): T | undefined;
  /** The stored objects of a kind, in one namespace or all. */
  list<T = KubeObject>(apiVersion: string, kind: string, namespace?: string | null): T[];
  /** Removes a stored object without a request (something else deleted it). */
  remove(apiVersion: string, kind: string, namespace: string | null, name: string): void;
  /** What `GET …/pods/<pod>/log?container=<container>[&previous=true]` returns. */
  setLogs(namespace: string, pod: string, container: string, text: string, options?: { previous?: boolean }): void;
  /** Answers matching requests 403 Forbidden from now on. */
  forbid(rule: ForbidRule): void;
  /** Answers the next matching request(s) with a scripted failure, before any other handling. */
  failNext(rule: FailureRule, response: ScriptedFailure): void;
  /** Never answers the next request for this path (a hung API server); resolves when the client closes it. */
  stallNext(pathname: string): Promise<void>;
  /** Forgets objects, logs, rules and the request log. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_USER = 'system:serviceaccount:alerts-slm:alerts-slm-execute';

const VERSION = {
  major: '1',
  minor: '34',
  gitVersion: 'v1.34.1',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-09-09T00:00:00Z',
  goVersion: 'go1.24.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const typeOfObject = (object: JsonObject): ResourceType => {
  const apiVersion = stringAt(object, 'apiVersion') ?? '';
  const kind = stringAt(object, 'kind') ?? '';
  const type = typeByKind(apiVersion, kind);
  if (!type) throw new Error(`fake-kube-api does not serve ${apiVersion} ${kind}`);
  return type;
};

const typeOfKind = (apiVersion: string, kind: string): ResourceType => typeOfObject({ apiVersion, kind });

/** A re-seeded object keeps what the server owns (uid, creationTimestamp, generation bumped on a spec change) unless given. */
const replacing = (type: ResourceType, previous: JsonObject | undefined, seeded: JsonObject): JsonObject => {
  if (!previous) return seeded;
  const was = objectAt(previous, 'metadata') ?? {};
  const generation = type.generation ? (numberAt(was, 'generation') ?? 1) + (deepEqual(previous.spec, seeded.spec) ? 0 : 1) : undefined;
  const owned = { uid: was.uid, creationTimestamp: was.creationTimestamp, ...(generation === undefined ? {} : { generation }) };
  return { ...seeded, metadata: { ...owned, ...objectAt(seeded, 'metadata') } };
};

const verbOf = (method: string, name: string | undefined, subresource: string | undefined, query: Record<string, string>): string => {
  const item = name !== undefined;
  if (method === 'GET') return item ? 'get' : query.watch === 'true' || query.watch === '1' ? 'watch' : 'list';
  if (method === 'POST' && (!item || subresource)) return 'create';
  if (method === 'PUT' && item) return 'update';
  if (method === 'PATCH' && item) return 'patch';
  if (method === 'DELETE') return item ? 'delete' : 'deletecollection';
  throw methodNotAllowed();
};

/** Splits /api/v1/… and /apis/<group>/<version>/… into a resource request, as the API server's RequestInfo does. */
const routeResource = (
  method: string,
  segments: string[],
  group: string,
  version: string,
  query: Record<string, string>,
): Omit<ResourceRequest, 'contentType' | 'body'> => {
  let rest = segments;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource = '', name, subresource, ...extra] = rest;
  const type = typeByPath(group, version, resource);
  if (
    !type ||
    extra.length > 0 ||
    (type.namespaced && namespace === undefined && name !== undefined) ||
    (!type.namespaced && namespace !== undefined)
  )
    throw pathNotFound();
  if (subresource !== undefined && !type.subresources[subresource]) throw pathNotFound();
  return { type, verb: verbOf(method, name, subresource, query), namespace, name, subresource, query };
};

const forbiddenMessage = (user: string, r: ResourceRequest): string => {
  const resource = r.subresource ? `${r.type.resource}/${r.subresource}` : r.type.resource;
  const scope = r.namespace ? `in the namespace ${JSON.stringify(r.namespace)}` : 'at the cluster scope';
  return `User ${JSON.stringify(user)} cannot ${r.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(r.type.group)} ${scope}`;
};

const splitResource = (resource: string | undefined, subresource: string | undefined): [string | undefined, string | undefined] => {
  const [main, sub] = (resource ?? '').split('/');
  return [resource === undefined ? undefined : main, sub ?? subresource];
};

const forbids = (rule: ForbidRule, r: ResourceRequest): boolean => {
  const [resource, subresource] = splitResource(rule.resource, rule.subresource);
  return (
    (rule.verb === '*' || rule.verb === r.verb) &&
    resource === r.type.resource &&
    subresource === r.subresource &&
    (rule.namespace === undefined || rule.namespace === r.namespace)
  );
};

const failsOn = (rule: FailureRule, r: ResourceRequest): boolean => {
  const [resource, subresource] = splitResource(rule.resource, rule.subresource);
  return (
    (rule.verb === undefined || rule.verb === r.verb) &&
    (resource === undefined || resource === r.type.resource) &&
    (subresource === undefined || subresource === r.subresource) &&
    (rule.namespace === undefined || rule.namespace === r.namespace) &&
    (rule.name === undefined || rule.name === r.name)
  );
};

const recordedBody = (raw: string, contentType: string | undefined): unknown => {
  if (raw === '') return undefined;
  if (!contentType?.includes('json')) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** Starts a fake Kubernetes API server on a random loopback port. */
export const startFakeKubeApi = async (options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> => {
  const user = options.user ?? DEFAULT_USER;
  const token = options.token ?? 'fake-token';
  const state: FakeKubeState = { store: createObjectStore(), logs: new Map(), pinnedStatus: new Set() };
  const requests: RecordedRequest[] = [];
  const denials: ForbidRule[] = [];
  const failures: { rule: FailureRule; response: ScriptedFailure; remaining: number }[] = [];
  let address = '';

  const scriptedFailure = (r: ResourceRequest): KubeError | undefined => {
    const index = failures.findIndex((f) => failsOn(f.rule, r));
    const failure = failures[index];
    if (!failure) return undefined;
    if (--failure.remaining <= 0) failures.splice(index, 1);
    const { status, reason, message, retryAfterSeconds } = failure.response;
    return generic(status, {
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    });
  };

  const serveResource = (r: ResourceRequest): Reply => {
    if (denials.some((rule) => forbids(rule, r)))
      throw forbidden({ group: r.type.group, resource: r.type.resource }, r.name ?? '', forbiddenMessage(user, r));
    const failure = scriptedFailure(r);
    if (failure) throw failure;
    if (r.verb === 'watch') throw internalError('fake-kube-api does not implement watch');
    const verbs: readonly string[] = r.subresource ? (r.type.subresources[r.subresource] ?? []) : r.type.verbs;
    if (!verbs.includes(r.verb)) throw methodNotAllowed();
    return handleResource(state, r);
  };

  const serve = (method: string, url: URL, authorization: string | undefined, contentType: string | undefined, body: string): Reply => {
    if (authorization !== `Bearer ${token}`) throw unauthorized();
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const query = Object.fromEntries(url.searchParams);
    const [root, ...rest] = segments;
    if (url.pathname === '/version') {
      if (method !== 'GET') throw methodNotAllowed();
      return json(200, VERSION);
    }
    if (root !== 'api' && root !== 'apis') throw pathNotFound();
    const [group, version, ...resourcePath] = root === 'api' ? ['', ...rest] : rest;
    if (version === undefined) {
      if (root === 'api') return json(200, apiVersionsDocument(address));
      if (group === undefined) return json(200, apiGroupListDocument());
      throw pathNotFound();
    }
    if (resourcePath.length === 0) {
      const document = apiResourceListDocument(group ?? '', version);
      if (!document) throw pathNotFound();
      return json(200, document);
    }
    return serveResource({ ...routeResource(method, resourcePath, group ?? '', version, query), contentType, body });
  };

  const answer = (req: IncomingMessage, body: string): Reply => {
    const url = new URL(req.url ?? '/', 'http://fake-kube-api');
    const contentType = req.headers['content-type'];
    let reply: Reply;
    try {
      reply = serve(req.method ?? 'GET', url, req.headers.authorization, contentType, body);
    } catch (error) {
      const failure = error instanceof KubeError ? error : internalError(`fake-kube-api: ${(error as Error).stack ?? String(error)}`);
      reply = { ...json(failure.status.code, failure.status), headers: failure.headers };
    }
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType,
      body: recordedBody(body, contentType),
      status: reply.status,
    });
    return reply;
  };

  const stalls = new Map<string, () => void>();
  const server: Server = createServer((req, res) => {
    const stalled = stalls.get(new URL(req.url ?? '/', 'http://fake').pathname);
    if (stalled) {
      stalls.delete(new URL(req.url ?? '/', 'http://fake').pathname);
      res.once('close', stalled);
      return;
    }
    readBody(req)
      .then((body) => {
        const reply = answer(req, body);
        res.writeHead(reply.status, { 'content-type': reply.contentType, ...reply.headers }).end(reply.body);
      })
      .catch((error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `http://${address}`;

  const ensureNamespace = (namespace: string): void => {
    const namespaces = typeOf('', 'namespaces');
    if (!state.store.get(namespaces, '', namespace))
      state.store.create(namespaces, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
  };

  const add = <T extends object>(object: T): T & KubeObject => {
    const seeded = toJson(object);
    if (!isObject(seeded)) throw new Error('fake-kube-api: add() takes an object');
    const type = typeOfObject(seeded);
    const metadata = child(seeded, 'metadata');
    if (type.namespaced) {
      metadata.namespace ??= 'default';
      ensureNamespace(metadata.namespace as string);
    } else delete metadata.namespace;
    const namespace = stringAt(metadata, 'namespace') ?? '';
    const name = stringAt(metadata, 'name') ?? '';
    const key = objectKey(type, namespace, name);
    if ('status' in seeded) state.pinnedStatus.add(key);
    else state.pinnedStatus.delete(key);
    const replacement = replacing(type, state.store.get(type, namespace, name), seeded);
    observedOnSeed(type, replacement);
    const stored = state.store.create(type, replacement);
    reconcile(state.store, type, stored, state.pinnedStatus.has(key));
    return state.store.get(type, namespace, name) as T & KubeObject;
  };

  const kubeConfig = (): KubeConfig => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake-kube-api', server: url, skipTLSVerify: true }],
      users: [{ name: 'fake-user', token }],
      contexts: [
        { name: 'fake', cluster: 'fake-kube-api', user: 'fake-user', ...(options.namespace ? { namespace: options.namespace } : {}) },
      ],
      currentContext: 'fake',
    });
    return kc;
  };

  return {
    url,
    kubeConfig,
    kubeconfigYaml: () =>
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake-kube-api', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'fake-user', user: { token } }],
        contexts: [
          {
            name: 'fake',
            context: { cluster: 'fake-kube-api', user: 'fake-user', ...(options.namespace ? { namespace: options.namespace } : {}) },
          },
        ],
        'current-context': 'fake',
      }),
    requests,
    mutations: () => requests.filter((r) => r.method !== 'GET'),
    add,
    get: <T = KubeObject>(apiVersion: string, kind: string, namespace: string | null, name: string) =>
      state.store.get(typeOfKind(apiVersion, kind), namespace ?? '', name) as T | undefined,
    list: <T = KubeObject>(apiVersion: string, kind: string, namespace?: string | null) =>
      state.store.list(typeOfKind(apiVersion, kind), namespace ?? undefined) as T[],
    remove: (apiVersion, kind, namespace, name) => state.store.remove(typeOfKind(apiVersion, kind), namespace ?? '', name),
    setLogs: (namespace, pod, container, text, logOptions) => {
      state.logs.set(logKey(namespace, pod, container, logOptions?.previous === true), text);
    },
    forbid: (rule) => {
      denials.push(clone(rule));
    },
    stallNext: (pathname) => new Promise<void>((resolve) => stalls.set(pathname, resolve)),
    failNext: (rule, response) => {
      failures.push({ rule: clone(rule), response: clone(response), remaining: response.times ?? 1 });
    },
    reset: () => {
      state.store.clear();
      state.logs.clear();
      state.pinnedStatus.clear();
      denials.length = 0;
      failures.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
