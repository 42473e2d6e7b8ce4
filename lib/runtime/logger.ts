import { redactUrls } from '../config/redact-url.ts';

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured JSON-lines logger; `child` binds fields (the event id) to every later line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

// Errors are logged by name, message, code and stack only: never `cause` or own fields, which may carry inputs.
const serialise = (value: unknown): unknown =>
  value instanceof Error
    ? { name: value.name, message: value.message, ...('code' in value ? { code: value.code } : {}), stack: value.stack }
    : value;

/** A logger writing one JSON object per line to `write` (stdout by default). */
export const createLogger = (
  options: { level?: LogLevel; fields?: Record<string, unknown>; write?: (line: string) => void; now?: () => Date } = {},
): Logger => {
  const min = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const make = (bound: Record<string, unknown>): Logger => {
    const log =
      (level: LogLevel) =>
      (msg: string, fields: Record<string, unknown> = {}) => {
        if (RANK[level] < min) return;
        const entry: Record<string, unknown> = { time: now().toISOString(), level, msg, ...bound };
        for (const [k, v] of Object.entries(fields)) entry[k] = serialise(v);
        // Credentials in URLs (SLM_ENDPOINT=http://user:pass@host) never reach the log, whichever field carries them.
        write(redactUrls(JSON.stringify(entry)));
      };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make(options.fields ?? {});
};

/** A logger that writes nothing (benchmarks, tests). */
export const silentLogger = (): Logger => createLogger({ level: 'error', write: () => {} });
