import type { ApiConstructor, ApiType, HttpLibrary, KubeConfig } from '@kubernetes/client-node';
import { currentDeadline } from './kube-call.ts';

/** Counts Kubernetes API requests (a prom-client Counter fits): RBAC's verb, `resource[/subresource]`, HTTP status. */
export interface KubeRequestCounter {
  inc(labels: { verb: string; resource: string; code: string }): void;
}

type K8s = typeof import('@kubernetes/client-node');

// The path after /api/v1 or /apis/<group>/<version> (a server URL may carry a prefix before it, as proxies add).
const resourcePath = (pathname: string): string[] | null => {
  const parts = pathname.split('/').filter(Boolean);
  const core = parts.indexOf('api');
  const grouped = parts.indexOf('apis');
  if (core !== -1 && (grouped === -1 || core < grouped)) return parts.slice(core + 2);
  return grouped === -1 ? null : parts.slice(grouped + 3);
};

/**
 * The verb and resource of a request the way RBAC (and the API server's own request metrics) name them:
 * GET of one object is get, of a collection list (watch with ?watch); DELETE of a collection deletecollection.
 */
export const describeApiRequest = (method: string, url: string): { verb: string; resource: string } => {
  const { pathname, searchParams } = new URL(url);
  let rest = resourcePath(pathname);
  if (!rest || rest.length === 0) return { verb: method.toLowerCase(), resource: 'unknown' };
  // A namespaced resource: /namespaces/<ns>/<resource>…; /namespaces and /namespaces/<ns> are the namespaces themselves.
  if (rest[0] === 'namespaces' && rest.length > 2) rest = rest.slice(2);
  const [resource, name, subresource] = rest;
  const named = name !== undefined;
  const watch = searchParams.get('watch') === 'true' || searchParams.get('watch') === '1';
  const verbs: Record<string, string> = {
    GET: named ? 'get' : watch ? 'watch' : 'list',
    POST: 'create',
    PUT: 'update',
    PATCH: 'patch',
    DELETE: named ? 'delete' : 'deletecollection',
  };
  return { verb: verbs[method] ?? method.toLowerCase(), resource: subresource ? `${resource}/${subresource}` : String(resource) };
};

// Every request: aborted at its kubeCall's deadline, and counted when a counter is given.
const instrumented = (k8s: K8s, inner: HttpLibrary, counter?: KubeRequestCounter): HttpLibrary =>
  k8s.wrapHttpLibrary({
    async send(request) {
      const signal = currentDeadline();
      if (signal) request.setSignal(signal);
      const labels = describeApiRequest(request.getHttpMethod(), request.getUrl());
      try {
        const response = await inner.send(request).toPromise();
        counter?.inc({ ...labels, code: String(response.httpStatusCode) });
        return response;
      } catch (error) {
        // No HTTP answer at all: refused, reset, aborted, TLS or DNS failure.
        counter?.inc({ ...labels, code: 'error' });
        throw error;
      }
    },
  });

/**
 * Makes API clients like `kc.makeApiClient`, whose requests abort at their kubeCall's deadline and are counted when a
 * counter is given (each attempt: a retried 409 or 5xx counts twice). The client library offers no hook after
 * makeApiClient, so the configuration is built here as makeApiClient builds it (server, credentials).
 */
export const apiClientMaker = (k8s: K8s, kc: KubeConfig, counter?: KubeRequestCounter) => {
  const server = kc.getCurrentCluster()?.server;
  if (!server) return <T extends ApiType>(Api: ApiConstructor<T>): T => kc.makeApiClient(Api);
  const configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(server, {}),
    authMethods: { default: kc },
    httpApi: instrumented(k8s, new k8s.IsomorphicFetchHttpLibrary(), counter),
    middleware: [k8s.setHeaderMiddleware('User-Agent', 'alerts-slm (kubernetes-client-javascript)')],
  });
  return <T extends ApiType>(Api: ApiConstructor<T>): T => new Api(configuration);
};
