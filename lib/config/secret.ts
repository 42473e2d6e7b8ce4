import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/** A value that must never reach a log line or an error body: it prints as [redacted] everywhere. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself, for the one place that needs it (an Authorization header, a connection string). */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}
