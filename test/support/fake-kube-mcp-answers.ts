import { stringify } from 'yaml';
import { arrayAt, isObject, type JsonObject, numberAt, objectAt, stringAt, stringMapAt } from './fake-kube-json.ts';

// How containers/kubernetes-mcp-server prints what it read (pkg/output/output.go, pkg/toolsets/core/events.go,
// pkg/kubernetes EventsList): objects as YAML through sigs.k8s.io/yaml (JSON keys, sorted, managedFields dropped),
// lists as a kubectl Table (`--list-output table`, the default) or as a YAML sequence (`--list-output yaml`).

/** An object (or a list's items) as the server's YAML output prints it. */
export const asYaml = (value: unknown): string => stringify(withoutManagedFields(value), { sortMapEntries: true, lineWidth: 0 });

const withoutManagedFields = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutManagedFields);
  if (!isObject(value) || !isObject(value.metadata)) return value;
  const { managedFields: _dropped, ...metadata } = value.metadata;
  return { ...value, metadata };
};

/** Go's time.Time.String() of a UTC instant, as the events map carries it (`2006-01-02 15:04:05 +0000 UTC`). */
export const goTime = (iso: string | undefined): string => {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return '0001-01-01 00:00:00 +0000 UTC';
  const fraction = d.getUTCMilliseconds() ? `.${String(d.getUTCMilliseconds()).padStart(3, '0').replace(/0+$/, '')}` : '';
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}${fraction} +0000 UTC`;
};

/** events_list's map of one Event: the server picks eventTime, else the series' last, else lastTimestamp (count > 1), else firstTimestamp. */
export const eventEntry = (e: JsonObject): JsonObject => {
  const count = numberAt(e, 'count') ?? 0;
  const when =
    stringAt(e, 'eventTime') ??
    stringAt(e, 'series', 'lastObservedTime') ??
    (count > 1 ? stringAt(e, 'lastTimestamp') : stringAt(e, 'firstTimestamp'));
  return {
    Namespace: stringAt(e, 'metadata', 'namespace') ?? '',
    Timestamp: goTime(when),
    Type: stringAt(e, 'type') ?? '',
    Reason: stringAt(e, 'reason') ?? '',
    InvolvedObject: {
      apiVersion: stringAt(e, 'involvedObject', 'apiVersion') ?? '',
      Kind: stringAt(e, 'involvedObject', 'kind') ?? '',
      Name: stringAt(e, 'involvedObject', 'name') ?? '',
    },
    Message: (stringAt(e, 'message') ?? '').trim(),
  };
};

/** events_list's whole answer. */
export const eventsAnswer = (events: JsonObject[]): string =>
  events.length === 0 ? '# No events found' : `# The following events (YAML format) were found:\n${asYaml(events.map(eventEntry))}`;

const age = (created: string | undefined, now: Date): string => {
  const seconds = created ? Math.max(0, Math.floor((now.getTime() - new Date(created).getTime()) / 1000)) : 0;
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  return seconds < 172_800 ? `${Math.floor(seconds / 3600)}h` : `${Math.floor(seconds / 86_400)}d`;
};

const labels = (o: JsonObject): string => {
  const entries = Object.entries(stringMapAt(o, 'metadata', 'labels'));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
};

// kubectl's pod STATUS: the pod's reason or phase, overridden by a container's waiting or terminated reason.
const podStatus = (pod: JsonObject): string => {
  let status = stringAt(pod, 'status', 'reason') ?? stringAt(pod, 'status', 'phase') ?? 'Unknown';
  for (const s of [...arrayAt(pod, 'status', 'containerStatuses')].reverse()) {
    const reason = stringAt(s, 'state', 'waiting', 'reason') ?? stringAt(s, 'state', 'terminated', 'reason');
    if (reason) status = reason;
  }
  return status;
};

const podCells = (pod: JsonObject): string[] => {
  const statuses = arrayAt(pod, 'status', 'containerStatuses');
  const ready = statuses.filter((s) => isObject(s) && s.ready === true).length;
  const restarts = statuses.reduce<number>((n, s) => n + (numberAt(s, 'restartCount') ?? 0), 0);
  const total = arrayAt(pod, 'spec', 'containers').length;
  return [`${ready}/${total}`, podStatus(pod), String(restarts)];
};

const podTail = (pod: JsonObject): string[] => [
  stringAt(pod, 'status', 'podIP') ?? '<none>',
  stringAt(pod, 'spec', 'nodeName') ?? '<none>',
  '<none>',
  '<none>',
];

/**
 * A list as the server's Table output prints it (kubectl's wide table with kind and labels, tabwriter padding 3).
 * Pods get the server's pod columns; other kinds the common ones (NAME, AGE, LABELS), which is all a reader may rely on.
 */
export const asTable = (apiVersion: string, kind: string, items: JsonObject[], now = new Date()): string => {
  if (items.length === 0) return '';
  const namespaced = items.some((o) => objectAt(o, 'metadata')?.namespace);
  const pod = kind === 'Pod';
  const header = [
    ...(namespaced ? ['NAMESPACE'] : []),
    'APIVERSION',
    'KIND',
    'NAME',
    ...(pod ? ['READY', 'STATUS', 'RESTARTS'] : []),
    'AGE',
    ...(pod ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : []),
    'LABELS',
  ];
  const rows = items.map((o) => [
    ...(namespaced ? [stringAt(o, 'metadata', 'namespace') ?? ''] : []),
    apiVersion,
    kind,
    stringAt(o, 'metadata', 'name') ?? '',
    ...(pod ? podCells(o) : []),
    age(stringAt(o, 'metadata', 'creationTimestamp'), now),
    ...(pod ? podTail(o) : []),
    labels(o),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3))).join('');
  return `${[header, ...rows].map(line).join('\n')}\n`;
};
