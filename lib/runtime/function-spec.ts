import type { Registry } from 'prom-client';
import type { Config } from '../config/config-schema.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { Logger } from './logger.ts';
import type { SqlDriver } from '../store/sql.ts';
import type { FunctionReply } from './problem.ts';
import type { TickSchedule } from '../kube/tick-schedule.ts';

/** What every function is built from: the validated config, a logger, a metrics registry, the clock, the database. */
export interface Runtime {
  config: Config;
  logger: Logger;
  registry: Registry;
  now: () => Date;
  /** The configured database, connected on first use and shared by every function of the process. */
  database: SqlDriver;
  /** Where assess starts and stops the assessment tick, when the host provides it (the local runner's timer). */
  ticks?: TickSchedule;
}

/** One request, whichever transport delivered it (faas-js-runtime, the local broker, a test). */
export interface FunctionRequest {
  method: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: unknown;
  /** The CloudEvent, when the request carried one. */
  event?: CloudEventEnvelope;
  /** The peer's address, for the log of refused requests (never used to decide anything). */
  remoteAddress?: string | undefined;
}

/** Per-invocation context: the logger carries the event id on every line. */
export interface InvocationContext {
  log: Logger;
}

/** Handles a plain HTTP request (ingest). */
export type HttpHandler = (request: FunctionRequest, ctx: InvocationContext) => Promise<FunctionReply>;
/** Handles one CloudEvent; returns the reply event, or nothing (204). */
export type EventHandler = (event: CloudEventEnvelope, ctx: InvocationContext) => Promise<CloudEventEnvelope | undefined>;

/** Decides whether a request's credentials may invoke the function (the Authorization header). */
export type Authorizer = (headers: FunctionRequest['headers']) => boolean | Promise<boolean>;

/** A built function: its handler, who may invoke it (everyone when absent), and what it owns. */
export type FunctionInstance =
  | { kind: 'http'; handle: HttpHandler; authorize?: Authorizer; close?: () => Promise<void> }
  | { kind: 'event'; handle: EventHandler; authorize?: Authorizer; close?: () => Promise<void> };

/** A function of the pipeline: a name and a factory that wires its dependencies (lazily: connections open on first use). */
export interface FunctionSpec {
  readonly name: string;
  create(runtime: Runtime): Promise<FunctionInstance> | FunctionInstance;
}

/** Declares a function. */
export const defineFunction = (spec: FunctionSpec): FunctionSpec => spec;
