/** One `details.causes` entry of a Status (a field error, a disruption budget, …). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** `details` of a Status, members in the order the API server writes them. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A meta/v1 Status body, as the API server answers failures (and a few successes). */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A group and plural resource, e.g. `{ group: 'apps', resource: 'deployments' }`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** A failure answered as a Status with its HTTP code. */
export class KubeError extends Error {
  readonly status: KubeStatus;
  readonly headers: Record<string, string>;
  constructor(status: KubeStatus, headers: Record<string, string> = {}) {
    super(status.message ?? status.reason ?? `status ${status.code}`);
    this.status = status;
    this.headers = headers;
  }
}

/** A field validation error, as k8s.io/apimachinery's field.Error. */
export interface FieldError {
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueDuplicate' | 'FieldValueForbidden' | 'FieldValueNotSupported';
  field: string;
  /** What follows "<field>: " in the message, e.g. `Invalid value: -1: must be greater than or equal to 0`. */
  body: string;
}

const failure = (code: number, reason: string | undefined, message: string | undefined, details?: StatusDetails): KubeStatus => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  ...(message === undefined ? {} : { message }),
  ...(reason === undefined ? {} : { reason }),
  ...(details === undefined ? {} : { details }),
  code,
});

/** `deployments.apps` / `pods`: how messages name a resource. */
const qualified = (gr: GroupResource): string => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

const namedDetails = (gr: GroupResource, name: string): StatusDetails => ({
  ...(name ? { name } : {}),
  ...(gr.group ? { group: gr.group } : {}),
  kind: gr.resource,
});

/** 404 for a missing object: `deployments.apps "web" not found`. */
export const notFound = (gr: GroupResource, name: string): KubeError =>
  new KubeError(failure(404, 'NotFound', `${qualified(gr)} ${JSON.stringify(name)} not found`, namedDetails(gr, name)));

/** 404 for a path no resource serves. */
export const pathNotFound = (): KubeError =>
  new KubeError(failure(404, 'NotFound', 'the server could not find the requested resource', {}));

/** The optimistic-lock message of a 409 on a stale resourceVersion. */
const OPTIMISTIC_LOCK = 'the object has been modified; please apply your changes to the latest version and try again';

/** 409 Conflict: `Operation cannot be fulfilled on deployments.apps "web": <why>`. */
export const conflict = (gr: GroupResource, name: string, why: string = OPTIMISTIC_LOCK): KubeError =>
  new KubeError(
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} ${JSON.stringify(name)}: ${why}`, namedDetails(gr, name)),
  );

/** 409 AlreadyExists on create. */
export const alreadyExists = (gr: GroupResource, name: string): KubeError =>
  new KubeError(failure(409, 'AlreadyExists', `${qualified(gr)} ${JSON.stringify(name)} already exists`, namedDetails(gr, name)));

/** 422 Invalid with one cause per field error: `Deployment.apps "web" is invalid: spec.replicas: …`. */
export const invalid = (group: string, kind: string, name: string, errors: readonly FieldError[]): KubeError => {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const texts = errors.map((e) => `${e.field}: ${e.body}`);
  const aggregate = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return new KubeError(
    failure(422, 'Invalid', `${qualifiedKind} ${JSON.stringify(name)} is invalid: ${aggregate}`, {
      ...(name ? { name } : {}),
      ...(group ? { group } : {}),
      ...(kind ? { kind } : {}),
      causes: errors.map((e) => ({ reason: e.type, message: e.body, field: e.field })),
    }),
  );
};

/** 422 without causes, as the API server answers a JSON patch that does not apply (a failed `test`, a missing path). */
export const patchDoesNotApply = (): KubeError =>
  new KubeError(failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {}));

/** 403 Forbidden: `<resource>.<group> "<name>" is forbidden: <why>`. */
export const forbidden = (gr: GroupResource, name: string, why: string): KubeError =>
  new KubeError(
    failure(403, 'Forbidden', `${qualified(gr)}${name ? ` ${JSON.stringify(name)}` : ''} is forbidden: ${why}`, namedDetails(gr, name)),
  );

/** 400 BadRequest with the server's message. */
export const badRequest = (message: string): KubeError => new KubeError(failure(400, 'BadRequest', message));

/** 401 for a request without the expected bearer token. */
export const unauthorized = (): KubeError => new KubeError(failure(401, 'Unauthorized', 'Unauthorized'));

/** 405, as go-restful answers a method no route serves. */
export const methodNotAllowed = (): KubeError =>
  new KubeError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));

/** 415, as go-restful answers a PATCH whose Content-Type no route consumes. */
export const unsupportedMediaType = (): KubeError => new KubeError(failure(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {}));

/** 429 TooManyRequests with causes (the eviction API's answer when a disruption budget blocks). */
export const tooManyRequests = (message: string, retryAfterSeconds: number, causes: StatusCause[]): KubeError =>
  new KubeError(
    failure(429, 'TooManyRequests', message, { causes, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) }),
    retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {},
  );

/** 500 InternalError: `Internal error occurred: <why>`. */
export const internalError = (why: string): KubeError =>
  new KubeError(failure(500, 'InternalError', `Internal error occurred: ${why}`, { causes: [{ message: why }] }));

const GENERIC: Record<number, [reason: string, message: string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Expired', 'the server could not find the requested resource'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
};

/** A Status for a bare HTTP code, worded as apimachinery's NewGenericServerResponse words it. */
export const generic = (code: number, options: { reason?: string; message?: string; retryAfterSeconds?: number } = {}): KubeError => {
  const [reason, message] =
    GENERIC[code] ??
    (code >= 500
      ? ['InternalError', 'an error on the server ("") has prevented the request from succeeding']
      : ['Unknown', `the server responded with the status code ${code} but did not return more information`]);
  const retry = options.retryAfterSeconds;
  return new KubeError(
    failure(code, options.reason ?? reason, options.message ?? message, retry ? { retryAfterSeconds: retry } : {}),
    retry ? { 'retry-after': String(retry) } : {},
  );
};

/** The 201 Success Status the eviction subresource answers. */
export const successStatus = (code: number): KubeStatus => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code });

/** Go's rendering of a bad value inside a field error (numbers and booleans bare, strings quoted). */
const goValue = (value: unknown): string =>
  typeof value === 'string'
    ? JSON.stringify(value)
    : value === null || value === undefined
      ? 'null'
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

/** field.Required: `Required value[: detail]`. */
export const requiredField = (field: string, detail = ''): FieldError => ({
  type: 'FieldValueRequired',
  field,
  body: `Required value${detail ? `: ${detail}` : ''}`,
});

/** field.Invalid: `Invalid value: <value>: detail`; `rendered` passes a value already in Go's notation. */
export const invalidField = (field: string, value: unknown, detail: string, rendered?: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  body: `Invalid value: ${rendered ?? goValue(value)}${detail ? `: ${detail}` : ''}`,
});

/** field.Duplicate: `Duplicate value: <value>`. */
export const duplicateField = (field: string, value: unknown): FieldError => ({
  type: 'FieldValueDuplicate',
  field,
  body: `Duplicate value: ${goValue(value)}`,
});

/** field.Forbidden: `Forbidden: detail`. */
export const forbiddenField = (field: string, detail: string): FieldError => ({
  type: 'FieldValueForbidden',
  field,
  body: `Forbidden: ${detail}`,
});

/** field.NotSupported: `Unsupported value: <value>: supported values: "a", "b"`. */
export const notSupportedField = (field: string, value: unknown, supported: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  body: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});
