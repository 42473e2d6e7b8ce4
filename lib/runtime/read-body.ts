import type { IncomingMessage } from 'node:http';
import { InvalidError } from '../errors/errors.ts';

/** Reads a request body, failing with 413 as soon as it passes `limit` bytes (a declared length is checked first). */
export const readBody = (req: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const tooLarge = (size: number | string) =>
      new InvalidError(`body of ${size} bytes exceeds the limit of ${limit}`, { status: 413, code: 'body_too_large' });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(tooLarge(declared));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(`more than ${limit}`));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
