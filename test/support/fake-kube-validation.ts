import {
  arrayAt,
  at,
  deepEqual,
  goStringMap,
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  stringAt,
  stringMapAt,
} from './fake-kube-json.ts';
import type { ResourceType } from './fake-kube-resources.ts';
import { labelSelectorRequirements, matchesLabelSelector } from './fake-kube-selectors.ts';
import { duplicateField, type FieldError, forbidden, forbiddenField, invalidField, requiredField } from './fake-kube-status.ts';

const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A resource.Quantity's value as a number, or the message resource.ParseQuantity fails with. */
export const parseQuantity = (quantity: unknown): number | { error: string } => {
  if (typeof quantity === 'number') return quantity;
  const match = typeof quantity === 'string' ? /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(quantity) : null;
  const number = Number(match?.[1]);
  if (!match || Number.isNaN(number)) return { error: QUANTITY_FORMAT };
  const suffix = match[2] ?? '';
  const exponent = /^[eE]([-+]?\d+)$/.exec(suffix);
  const multiplier = exponent ? 10 ** Number(exponent[1]) : SUFFIXES[suffix];
  return multiplier === undefined ? { error: "unable to parse quantity's suffix" } : number * multiplier;
};

const jsonTypeName = (value: unknown): string =>
  Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : typeof value === 'object'
        ? 'object'
        : typeof value === 'number'
          ? `number ${value}`
          : typeof value;

const resourceListErrors = (list: unknown): string[] =>
  Object.values(isObject(list) ? list : {}).flatMap((q) => {
    const parsed = parseQuantity(q);
    return typeof parsed === 'number' ? [] : [parsed.error];
  });

const containersOf = (podSpec: unknown): unknown[] => [...arrayAt(podSpec, 'containers'), ...arrayAt(podSpec, 'initContainers')];

const podSpecOf = (type: ResourceType, object: unknown): unknown =>
  type.kind === 'Pod' ? at(object, 'spec') : at(object, 'spec', 'template', 'spec');

/**
 * Why the API server could not decode an object into its Go type (a non-integer replicas, an unparsable quantity),
 * as the inner error text; undefined when it decodes.
 */
export const decodeFailure = (type: ResourceType, object: unknown): string | undefined => {
  const replicas = at(object, 'spec', 'replicas');
  if (replicas !== undefined && replicas !== null && !Number.isInteger(replicas)) {
    return `json: cannot unmarshal ${jsonTypeName(replicas)} into Go struct field ${type.kind}Spec.spec.replicas of type int32`;
  }
  const resources =
    type.kind === 'PersistentVolumeClaim'
      ? [at(object, 'spec', 'resources')]
      : containersOf(podSpecOf(type, object)).map((c) => at(c, 'resources'));
  return resources.flatMap((r) => [...resourceListErrors(at(r, 'requests')), ...resourceListErrors(at(r, 'limits'))])[0];
};

/** Go's String() of a *metav1.LabelSelector, as "field is immutable" prints it. */
const goLabelSelector = (selector: unknown): string => {
  const labels = stringMapAt(selector, 'matchLabels');
  const matchLabels = `map[string]string{${Object.keys(labels)
    .sort()
    .map((k) => `${k}: ${labels[k]},`)
    .join('')}}`;
  const expressions = arrayAt(selector, 'matchExpressions')
    .map(
      (e) =>
        `&LabelSelectorRequirement{Key:${stringAt(e, 'key') ?? ''},Operator:${stringAt(e, 'operator') ?? ''},Values:[${arrayAt(e, 'values').join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:${matchLabels},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
};

const validateResources = (container: unknown, path: string): FieldError[] => {
  const limits = objectAt(container, 'resources', 'limits') ?? {};
  return Object.entries(objectAt(container, 'resources', 'requests') ?? {}).flatMap(([name, request]) => {
    const limit = limits[name];
    if (limit === undefined) return [];
    const requested = parseQuantity(request);
    const allowed = parseQuantity(limit);
    if (typeof requested !== 'number' || typeof allowed !== 'number' || requested <= allowed) return [];
    return [invalidField(`${path}.requests[${name}]`, String(request), `must be less than or equal to ${name} limit of ${String(limit)}`)];
  });
};

const validateContainers = (podSpec: unknown, path: string): FieldError[] => {
  const errors: FieldError[] = [];
  const containers = arrayAt(podSpec, 'containers');
  if (containers.length === 0) errors.push(requiredField(`${path}.containers`));
  const seen = new Set<string>();
  for (const list of ['containers', 'initContainers'] as const) {
    arrayAt(podSpec, list).forEach((container, i) => {
      const prefix = `${path}.${list}[${i}]`;
      const name = stringAt(container, 'name') ?? '';
      if (!name) errors.push(requiredField(`${prefix}.name`));
      else if (seen.has(name)) errors.push(duplicateField(`${prefix}.name`, name));
      seen.add(name);
      if (!stringAt(container, 'image')) errors.push(requiredField(`${prefix}.image`));
      errors.push(...validateResources(container, `${prefix}.resources`));
    });
  }
  return errors;
};

const validateTemplate = (object: JsonObject): FieldError[] => {
  const selector = at(object, 'spec', 'selector');
  const labels = stringMapAt(object, 'spec', 'template', 'metadata', 'labels');
  const errors: FieldError[] = [];
  if ((labelSelectorRequirements(selector) ?? []).length > 0 && !matchesLabelSelector(selector, labels)) {
    errors.push(invalidField('spec.template.metadata.labels', labels, '`selector` does not match template `labels`', goStringMap(labels)));
  }
  return [...errors, ...validateContainers(at(object, 'spec', 'template', 'spec'), 'spec.template.spec')];
};

const nonNegativeReplicas = (object: unknown): FieldError[] => {
  const replicas = numberAt(object, 'spec', 'replicas');
  return replicas !== undefined && replicas < 0 ? [invalidField('spec.replicas', replicas, 'must be greater than or equal to 0')] : [];
};

const validateWorkload = (object: JsonObject, old: JsonObject | undefined, emptySelectorMessage: string): FieldError[] => {
  const errors = nonNegativeReplicas(object);
  const selector = at(object, 'spec', 'selector');
  if (!isObject(selector)) errors.push(requiredField('spec.selector'));
  else if ((labelSelectorRequirements(selector) ?? []).length === 0)
    errors.push(invalidField('spec.selector', selector, emptySelectorMessage, goLabelSelector(selector)));
  errors.push(...validateTemplate(object));
  if (old && isObject(selector) && !deepEqual(selector, at(old, 'spec', 'selector')))
    errors.push(invalidField('spec.selector', selector, 'field is immutable', goLabelSelector(selector)));
  return errors;
};

const STATEFULSET_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

const statefulSetSpecChange = (object: JsonObject, old: JsonObject): FieldError[] => {
  const fixed = (o: JsonObject): JsonObject =>
    Object.fromEntries(Object.entries(objectAt(o, 'spec') ?? {}).filter(([key]) => !STATEFULSET_MUTABLE.includes(key)));
  if (deepEqual(fixed(object), fixed(old))) return [];
  return [
    forbiddenField(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
};

const validateHpa = (object: JsonObject): FieldError[] => {
  const min = numberAt(object, 'spec', 'minReplicas');
  const max = numberAt(object, 'spec', 'maxReplicas') ?? 0;
  const errors: FieldError[] = [];
  if (min !== undefined && min < 1) errors.push(invalidField('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errors.push(invalidField('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min) errors.push(invalidField('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  return errors;
};

const storageOf = (object: unknown, ...path: string[]): number => {
  const parsed = parseQuantity(at(object, ...path, 'storage') ?? '0');
  return typeof parsed === 'number' ? parsed : 0;
};

const validatePvcUpdate = (object: JsonObject, old: JsonObject): FieldError[] => {
  const errors: FieldError[] = [];
  const withoutRequests = (o: JsonObject): unknown => ({
    ...objectAt(o, 'spec'),
    resources: { ...objectAt(o, 'spec', 'resources'), requests: undefined },
    volumeName: undefined,
    volumeAttributesClassName: undefined,
  });
  if (!deepEqual(withoutRequests(object), withoutRequests(old))) {
    errors.push(
      forbiddenField('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'),
    );
  }
  const requested = storageOf(object, 'spec', 'resources', 'requests');
  if (requested < storageOf(old, 'spec', 'resources', 'requests') && requested <= storageOf(old, 'status', 'capacity')) {
    errors.push(forbiddenField('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  return errors;
};

/** Field errors of an update (PUT or PATCH of the main resource), as the resource's strategy validates it. */
export const validateUpdate = (type: ResourceType, object: JsonObject, old: JsonObject): FieldError[] => {
  switch (type.kind) {
    case 'Deployment':
      return validateWorkload(object, old, 'empty selector is invalid for deployment');
    case 'DaemonSet':
      return validateWorkload(object, old, 'empty selector is invalid for daemonset');
    case 'StatefulSet':
      return [...validateWorkload(object, old, 'empty selector is invalid for statefulset'), ...statefulSetSpecChange(object, old)];
    case 'HorizontalPodAutoscaler':
      return validateHpa(object);
    case 'PersistentVolumeClaim':
      return validatePvcUpdate(object, old);
    default:
      return [];
  }
};

/** Field errors of a Scale written to a scale subresource. */
export const validateScale = (scale: unknown): FieldError[] => nonNegativeReplicas(scale);

const RFC3339_MICRO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

/**
 * Why a core/v1 Event body cannot be decoded: metav1.MicroTime (eventTime) only parses exactly six fractional digits,
 * so a JavaScript `Date` (milliseconds) is refused by real API servers.
 */
export const eventDecodeFailure = (event: unknown): string | undefined => {
  const eventTime = at(event, 'eventTime');
  if (eventTime === undefined || eventTime === null) return undefined;
  if (typeof eventTime === 'string' && RFC3339_MICRO.test(eventTime)) return undefined;
  const text = String(eventTime);
  const rest = /\d{2}:\d{2}:\d{2}(.*)$/.exec(text)?.[1] ?? text;
  return `parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse ${JSON.stringify(rest)} as ".000000"`;
};

/** Field errors of a core/v1 Event create, per the legacy event validation the v1 endpoint applies. */
export const validateEventCreate = (event: JsonObject): FieldError[] => {
  const errors: FieldError[] = [];
  if (!stringAt(event, 'metadata', 'name') && !stringAt(event, 'metadata', 'generateName'))
    errors.push(requiredField('metadata.name', 'name or generateName is required'));
  const namespace = stringAt(event, 'metadata', 'namespace') ?? '';
  const involvedNamespace = stringAt(event, 'involvedObject', 'namespace') ?? '';
  const mismatch = invalidField('involvedObject.namespace', involvedNamespace, 'does not match event.namespace');
  const eventTime = at(event, 'eventTime');
  if (eventTime === undefined || eventTime === null) {
    if (involvedNamespace ? namespace !== involvedNamespace : namespace !== '' && namespace !== 'default') errors.push(mismatch);
    return errors;
  }
  if (!involvedNamespace && namespace !== 'default' && namespace !== 'kube-system') errors.push(mismatch);
  for (const field of ['reportingComponent', 'reportingInstance', 'action', 'reason'])
    if (!stringAt(event, field)) errors.push(requiredField(field));
  return errors;
};

/** What the validating admission plugins refuse (403): growing a PVC its storage class cannot expand. */
export const admitUpdate = (
  type: ResourceType,
  object: JsonObject,
  old: JsonObject,
  storageClass: (name: string) => JsonObject | undefined,
): void => {
  if (type.kind !== 'PersistentVolumeClaim') return;
  if (storageOf(object, 'spec', 'resources', 'requests') <= storageOf(old, 'spec', 'resources', 'requests')) return;
  const gr = { group: '', resource: 'persistentvolumeclaims' };
  const name = stringAt(object, 'metadata', 'name') ?? '';
  if (stringAt(old, 'status', 'phase') !== 'Bound') throw forbidden(gr, name, 'Only bound persistent volume claims can be expanded');
  const className = (pvc: JsonObject): string =>
    stringAt(pvc, 'spec', 'storageClassName') ?? stringAt(pvc, 'metadata', 'annotations', 'volume.beta.kubernetes.io/storage-class') ?? '';
  const allows =
    className(object) !== '' &&
    className(object) === className(old) &&
    at(storageClass(className(object)), 'allowVolumeExpansion') === true;
  if (!allows)
    throw forbidden(
      gr,
      name,
      'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
};
