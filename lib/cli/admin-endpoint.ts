import { isIP } from 'node:net';
import type { BrokerRoute } from '../broker/local-broker.ts';
import { InvalidError } from '../errors/errors.ts';
import { bearerAuth } from '../runtime/bearer-auth.ts';
import type { Secret } from '../config/secret.ts';
import type { CliIo } from './command.ts';

/** Where the local runner takes commands from other processes (on its loopback broker port). */
export const ADMIN_PATH = '/admin/run';

/** Whether a peer address is this machine's loopback (IPv4 127/8, ::1, or IPv4-mapped). */
export const isLoopback = (address: string | undefined): boolean => {
  const a = address?.replace(/^::ffff:/, '') ?? '';
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
};

/**
 * The local runner's side: runs a forwarded command line in this process and answers its exit code and output.
 * Only from loopback, only with the admin token (its own: the webhook token does not open it), and only the
 * commands in `allowed` (those that read or decide on the held database; `run`, `bench`, … make no sense here).
 */
export const adminRoute = (options: {
  token: Secret;
  allowed: readonly string[];
  run: (args: string[], io: CliIo) => Promise<number>;
  io: Omit<CliIo, 'out' | 'err'>;
}): BrokerRoute => {
  const authorized = bearerAuth({ authToken: options.token, allowUnauthenticated: false });
  return async (body, headers, remoteAddress) => {
    if (!isLoopback(remoteAddress)) throw new InvalidError('the admin endpoint answers loopback only', { status: 403, code: 'forbidden' });
    if (!authorized(headers as Record<string, string | undefined>))
      throw new InvalidError('missing or wrong admin token', { status: 401, code: 'unauthorized' });
    let args: unknown;
    try {
      args = (JSON.parse(body) as { args?: unknown }).args;
    } catch {
      throw new InvalidError('expected {"args": [string]}', { code: 'invalid_json' });
    }
    if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) throw new InvalidError('expected {"args": [string]}');
    const command = String(args[0] ?? '');
    if (!options.allowed.includes(command)) {
      throw new InvalidError(`"${command}" is not run for other processes; run it yourself (allowed here: ${options.allowed.join(', ')})`, {
        status: 403,
        code: 'forbidden',
      });
    }
    const out: string[] = [];
    const err: string[] = [];
    const code = await options.run(args as string[], { ...options.io, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { status: 200, body: { code, out, err } };
  };
};

/** The other side: sends a command line to the running local runner and prints what it printed. */
export const forwardToRunner = async (adminUrl: string, token: string | null, args: string[], io: CliIo): Promise<number> => {
  const response = await fetch(adminUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ args }),
  });
  const answer = (await response.json()) as { code?: number; out?: string[]; err?: string[]; message?: string };
  if (!response.ok) throw new Error(`the running local pipeline refused the command: ${answer.message ?? response.status}`);
  for (const line of answer.out ?? []) io.out(line);
  for (const line of answer.err ?? []) io.err(line);
  return answer.code ?? 1;
};
