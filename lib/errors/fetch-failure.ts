/** Why an HTTP call failed, in words: its deadline passed, the socket's error code (ECONNREFUSED), or the message. */
export const fetchFailure = (error: unknown, timeoutMs: number): string => {
  const e = error as Error & { cause?: { code?: string } };
  return e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
};
