import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Kubernetes ServiceAccount token issuer stand-in: `GET /openid/v1/jwks` serves its signing keys as the API
 * server does (application/jwk-set+json, a bearer token required), and `mint` signs tokens shaped like the
 * projected ServiceAccount tokens Knative Eventing sends (RS256, kid, iss, sub, aud, exp, iat, nbf).
 */
export interface FakeIssuer {
  url: string;
  jwksUrl: string;
  issuer: string;
  requests: number;
  /** A new signing key, listed from now on (the old ones stay listed). */
  rotate(): void;
  mint(
    claims: { sub: string; aud: string | string[]; expiresIn?: number; iss?: string; nbf?: number },
    options?: { alg?: string; key?: KeyObject; kid?: string },
  ): string;
  /** Answer the JWKS with this status from now on (503: the API server is down). */
  failWith(status: number | null): void;
  close(): Promise<void>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const startFakeIssuer = async (): Promise<FakeIssuer> => {
  const keys: { kid: string; privateKey: KeyObject; publicKey: KeyObject }[] = [];
  const add = () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys.push({ kid: randomBytes(8).toString('hex'), ...pair });
  };
  add();
  let failing: number | null = null;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    if (req.url !== '/openid/v1/jwks')
      return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"kind":"Status","code":404}');
    if (!req.headers.authorization)
      return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"kind":"Status","code":401,"reason":"Unauthorized"}');
    if (failing) return void res.writeHead(failing, { 'content-type': 'application/json' }).end('{"kind":"Status"}');
    const list = keys.map((k) => ({ use: 'sig', alg: 'RS256', kid: k.kid, ...k.publicKey.export({ format: 'jwk' }) }));
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: list }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = 'https://kubernetes.default.svc.cluster.local';
  return {
    url,
    jwksUrl: `${url}/openid/v1/jwks`,
    issuer,
    get requests() {
      return requests;
    },
    rotate: add,
    mint(claims, options = {}) {
      const current = keys.at(-1)!;
      const now = Math.floor(Date.now() / 1000);
      const header = b64({ alg: options.alg ?? 'RS256', kid: options.kid ?? current.kid });
      const payload = b64({
        iss: claims.iss ?? issuer,
        sub: claims.sub,
        aud: claims.aud,
        iat: now,
        nbf: claims.nbf ?? now,
        exp: now + (claims.expiresIn ?? 600),
        'kubernetes.io': { namespace: 'alerts-slm' },
      });
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), options.key ?? current.privateKey).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    failWith(status) {
      failing = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
