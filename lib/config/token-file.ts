import { readFileSync } from 'node:fs';

// A projected ServiceAccount token is rotated by the kubelet: read again at most every minute.
const TOKEN_REREAD_MS = 60_000;

/** The token in `file` (trimmed), read when first asked and again at most every minute; null without a file. */
export const tokenReader = (file: string | null | undefined): (() => string | null) => {
  let cached: { token: string; at: number } | null = null;
  return () => {
    if (!file) return null;
    if (!cached || Date.now() - cached.at > TOKEN_REREAD_MS) cached = { token: readFileSync(file, 'utf8').trim(), at: Date.now() };
    return cached.token;
  };
};
