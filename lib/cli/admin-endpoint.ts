import { InvalidError } from '../errors/errors.ts';
import type { CliIo } from './command.ts';

/** Where the local runner takes commands from other processes (on its loopback broker port). */
export const ADMIN_PATH = '/admin/run';

/** The local runner's side: runs a forwarded command line in this process and answers its exit code and output. */
export const adminRoute = (authorize: (headers: Readonly<Record<string, string | undefined>>) => boolean, run: (args: string[], io: CliIo) => Promise<number>, io: Omit<CliIo, 'out' | 'err'>) =>
  async (body: string, headers: Readonly<Record<string, string | string[] | undefined>>) => {
    if (!authorize(headers as Record<string, string | undefined>)) throw new InvalidError('missing or wrong bearer token', { status: 401 });
    const args = (JSON.parse(body) as { args?: unknown }).args;
    if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) throw new InvalidError('expected {"args": [string]}');
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(args, { ...io, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { status: 200, body: { code, out, err } };
  };

/** The other side: sends a command line to the running local runner and prints what it printed. */
export const forwardToRunner = async (adminUrl: string, token: string | null, args: string[], io: CliIo): Promise<number> => {
  const response = await fetch(adminUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ args }) });
  const answer = (await response.json()) as { code?: number; out?: string[]; err?: string[]; message?: string };
  if (!response.ok) throw new Error(`the running local pipeline refused the command: ${answer.message ?? response.status}`);
  for (const line of answer.out ?? []) io.out(line);
  for (const line of answer.err ?? []) io.err(line);
  return answer.code ?? 1;
};
