import {
  type FakeKubeState,
  existing,
  isDryRun,
  json,
  logKey,
  parseObject,
  type Reply,
  type ResourceRequest,
} from './fake-kube-context.ts';
import { arrayAt, at, child, type JsonObject, numberAt, objectAt, stringAt, stringMapAt } from './fake-kube-json.ts';
import { typeOf } from './fake-kube-resources.ts';
import { matchesLabelSelector } from './fake-kube-selectors.ts';
import {
  badRequest,
  forbidden,
  internalError,
  invalid,
  invalidField,
  type FieldError,
  successStatus,
  tooManyRequests,
} from './fake-kube-status.ts';
import { timestamp } from './fake-kube-store.ts';

const pods = typeOf('', 'pods');
const disruptionBudgets = typeOf('policy', 'poddisruptionbudgets');

const tail = (text: string, lines: number): string => {
  const trailing = text.endsWith('\n');
  const all = (trailing ? text.slice(0, -1) : text).split('\n');
  if (text === '' || lines >= all.length) return text;
  return `${all.slice(all.length - lines).join('\n')}${trailing ? '\n' : ''}`;
};

const containerNames = (pod: unknown, list: string): string[] => arrayAt(pod, 'spec', list).map((c) => stringAt(c, 'name') ?? '');

const logContainer = (pod: JsonObject, podName: string, requested: string | undefined): string => {
  const containers = containerNames(pod, 'containers');
  const init = containerNames(pod, 'initContainers');
  const ephemeral = containerNames(pod, 'ephemeralContainers');
  if (requested) {
    if (![...containers, ...init, ...ephemeral].includes(requested))
      throw badRequest(`container ${requested} is not valid for pod ${podName}`);
    return requested;
  }
  if (containers.length === 1 && containers[0]) return containers[0];
  const initText = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
  const ephemeralText = ephemeral.length ? ` or one of the ephemeral containers: [${ephemeral.join(' ')}]` : '';
  throw badRequest(
    `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]${initText}${ephemeralText}`,
  );
};

const logOptionErrors = (query: Record<string, string>): FieldError[] => {
  const errors: FieldError[] = [];
  const tailLines = query.tailLines === undefined ? undefined : Number(query.tailLines);
  const limitBytes = query.limitBytes === undefined ? undefined : Number(query.limitBytes);
  if (tailLines !== undefined && tailLines < 0) errors.push(invalidField('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1) errors.push(invalidField('limitBytes', limitBytes, 'must be greater than 0'));
  return errors;
};

/** GET pods/<name>/log: the scripted text of one container, as text/plain. */
export const readLog = (state: FakeKubeState, r: ResourceRequest): Reply => {
  const podName = r.name ?? '';
  const pod = existing(state, r.type, r.namespace, podName);
  const errors = logOptionErrors(r.query);
  if (errors.length > 0) throw invalid('', 'PodLogOptions', podName, errors);
  const container = logContainer(pod, podName, r.query.container);
  const previous = r.query.previous === 'true';
  let text = state.logs.get(logKey(r.namespace ?? '', podName, container, previous));
  if (text === undefined) {
    if (previous)
      throw badRequest(`previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} not found`);
    const status = [...arrayAt(pod, 'status', 'containerStatuses'), ...arrayAt(pod, 'status', 'initContainerStatuses')].find(
      (s) => stringAt(s, 'name') === container,
    );
    const waiting = objectAt(status, 'state', 'waiting');
    if (waiting)
      throw badRequest(
        `container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start: ${stringAt(waiting, 'reason') ?? ''}`,
      );
    text = '';
  }
  if (r.query.tailLines !== undefined) text = tail(text, Number(r.query.tailLines));
  if (r.query.limitBytes !== undefined) text = Buffer.from(text).subarray(0, Number(r.query.limitBytes)).toString('utf8');
  return { status: 200, contentType: 'text/plain', body: text };
};

const budgetBlocks = (pdb: JsonObject): Error | undefined => {
  const name = stringAt(pdb, 'metadata', 'name') ?? '';
  if ((numberAt(pdb, 'status', 'observedGeneration') ?? 0) < (numberAt(pdb, 'metadata', 'generation') ?? 0)) {
    return tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 10, [
      { reason: 'DisruptionBudget', message: `The disruption budget ${name} is still being processed by the server.` },
    ]);
  }
  const allowed = numberAt(pdb, 'status', 'disruptionsAllowed') ?? 0;
  if (allowed < 0) return forbidden({ group: 'policy', resource: 'poddisruptionbudget' }, name, 'pdb disruptions allowed is negative');
  if (allowed > 0) return undefined;
  const minAvailable = at(pdb, 'spec', 'minAvailable');
  const desired = numberAt(pdb, 'status', 'desiredHealthy') ?? (typeof minAvailable === 'number' ? minAvailable : 0);
  const current = numberAt(pdb, 'status', 'currentHealthy') ?? 0;
  return tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 0, [
    { reason: 'DisruptionBudget', message: `The disruption budget ${name} needs ${desired} healthy pods and has ${current} currently` },
  ]);
};

/** POST pods/<name>/eviction: deletes the pod unless its disruption budget blocks (429). */
export const evict = (state: FakeKubeState, r: ResourceRequest): Reply => {
  const podName = r.name ?? '';
  const namespace = r.namespace ?? '';
  const pod = existing(state, pods, namespace, podName);
  const eviction = parseObject(r.body);
  if (stringAt(eviction, 'metadata', 'name') !== podName) throw badRequest('name in URL does not match name in Eviction object');
  const dryRun = isDryRun(r) || arrayAt(eviction, 'deleteOptions', 'dryRun').includes('All');
  const phase = stringAt(pod, 'status', 'phase');
  const ignoresBudgets =
    phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || at(pod, 'metadata', 'deletionTimestamp') !== undefined;
  if (!ignoresBudgets) {
    const labels = stringMapAt(pod, 'metadata', 'labels');
    const budgets = state.store
      .list(disruptionBudgets, namespace)
      .filter((pdb) => matchesLabelSelector(at(pdb, 'spec', 'selector'), labels));
    if (budgets.length > 1)
      throw internalError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const [budget] = budgets;
    if (budget) {
      const blocked = budgetBlocks(budget);
      if (blocked) throw blocked;
      const status = child(budget, 'status');
      status.disruptionsAllowed = (numberAt(status, 'disruptionsAllowed') ?? 0) - 1;
      child(status, 'disruptedPods')[podName] = timestamp();
      if (!dryRun) state.store.write(disruptionBudgets, budget);
    }
  }
  if (!dryRun) state.store.remove(pods, namespace, podName);
  return json(201, successStatus(201));
};
