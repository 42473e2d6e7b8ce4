import { randomBytes } from 'node:crypto';

// The front door hands requests to faas-js-runtime, whose context has no peer address: it travels in a header
// carrying this process's random nonce, so a client (served by the runtime's own CLI, without the front door)
// cannot put an address of its choosing into our logs.
const HEADER = 'x-alerts-slm-peer';
const NONCE = randomBytes(12).toString('hex');

/** The request's headers with the peer address attached (any such header the client sent is replaced). */
export const withPeer = <H extends Record<string, unknown>>(headers: H, address: string | undefined): H => ({
  ...headers,
  [HEADER]: `${NONCE} ${address ?? 'unknown'}`,
});

/** The peer address the front door attached, or undefined; the headers without it. */
export const takePeer = (
  headers: Readonly<Record<string, unknown>>,
): { address: string | undefined; headers: Record<string, string | undefined> } => {
  const { [HEADER]: tag, ...rest } = headers;
  const [nonce, address] = typeof tag === 'string' ? tag.split(' ', 2) : [];
  return { address: nonce === NONCE ? address : undefined, headers: rest as Record<string, string | undefined> };
};
