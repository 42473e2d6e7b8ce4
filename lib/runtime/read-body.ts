import type { IncomingMessage } from 'node:http';
import { InvalidError } from '../errors/errors.ts';

/**
 * Reads a request body, failing with 413 as soon as it passes `limit` bytes (a declared length is checked first),
 * and with 408 when it has not all arrived within `timeoutMs` (a stalled sender does not hold a connection open).
 */
export const readBody = (req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const tooLarge = (size: number | string) =>
      new InvalidError(`body of ${size} bytes exceeds the limit of ${limit}`, { status: 413, code: 'body_too_large' });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(tooLarge(declared));
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.resume();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new InvalidError(`body not received within ${timeoutMs} ms`, { status: 408, code: 'body_timeout' })),
      timeoutMs,
    );
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(tooLarge(`more than ${limit}`));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', fail);
  });
