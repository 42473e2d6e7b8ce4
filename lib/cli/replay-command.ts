import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from './command.ts';
import { itemsInFile, replayFiles, sendItem } from './replay.ts';

/** `alerts-slm replay`: POSTs recorded Alertmanager payloads or CloudEvents and prints each status. */
export const replayCommand: Command = {
  name: 'replay',
  usage: 'replay <file|dir>... --to <url> [--token T | --token-file F] [--delay ms]',
  summary: 'POST recorded Alertmanager payloads (or CloudEvents, one JSON per line) and print each status',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { to: { type: 'string' }, token: { type: 'string' }, 'token-file': { type: 'string' }, delay: { type: 'string' } },
    });
    if (!values.to || positionals.length === 0) throw new UsageError('replay needs at least one file or folder and --to <url>');
    const token = values.token ?? (values['token-file'] ? readFileSync(values['token-file'], 'utf8').trim() : io.env.WEBHOOK_AUTH_TOKEN);
    const delay = Number(values.delay ?? 0);
    let failures = 0;
    let sent = 0;
    for (const item of positionals.flatMap(replayFiles).flatMap(itemsInFile)) {
      const { status, body } = await sendItem(item, values.to, token);
      sent++;
      if (status < 200 || status > 299) failures++;
      io.out(`${status || 'ERR'} ${item.kind} ${item.origin} ${body.replace(/\s+/g, ' ').trim()}`);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    }
    io.out(`${sent} sent, ${sent - failures} accepted, ${failures} failed`);
    return failures === 0 ? 0 : 1;
  },
};
