import { connect } from 'node:net';

/** What a raw request got back: the status line's code, the headers and the body. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// A chunked body as one string: `<hex size>\r\n<data>\r\n` … `0\r\n\r\n`.
const dechunk = (raw: string): string => {
  let out = '';
  let rest = Buffer.from(raw);
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.subarray(0, eol).toString(), 16);
    if (!size) return out;
    out += rest.subarray(eol + 2, eol + 2 + size).toString();
    rest = rest.subarray(eol + 2 + size + 2);
  }
};

/**
 * Sends one HTTP/1.1 request byte for byte (any request target: `*`, `http://x/;`, `/#`, which fetch and curl
 * would normalise) and reads the answer until the server closes the connection.
 */
export const rawRequest = (
  port: number,
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const body = options.body ?? '';
    const headers = { host: '127.0.0.1', connection: 'close', 'content-length': String(Buffer.byteLength(body)), ...options.headers };
    const head = [`${options.method ?? 'POST'} ${target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join(
      '\r\n',
    );
    const socket = connect(port, '127.0.0.1', () => socket.write(head + body));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [top = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = top.split('\r\n');
      const status = Number(statusLine.split(' ')[1] ?? 0);
      const parsed = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const raw = rest.join('\r\n\r\n');
      resolve({ status, headers: parsed, body: parsed['transfer-encoding'] === 'chunked' ? dechunk(raw) : raw });
    });
  });

/** The request targets that once reached a handler without a token (each is not `/` to a strict reader). */
export const ODD_TARGETS: readonly string[] = [
  '/',
  '/;',
  '/#',
  '/;?',
  '/?',
  '*',
  'http://x/',
  'http://x/;',
  '//',
  '/./',
  '/%2F',
  '/.;/',
  '/ingest',
];
