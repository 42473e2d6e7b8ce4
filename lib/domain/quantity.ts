// Kubernetes resource quantities: binary (Ki, Mi, Gi, Ti, Pi, Ei) and decimal (n, u, m, k, M, G, T, P, E) suffixes.
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A quantity as a number of base units (bytes, cores); throws on anything that is not a quantity. */
export const parseQuantity = (text: string): number => {
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(text.trim());
  if (!m?.[1]) throw new Error(`"${text}" is not a Kubernetes quantity`);
  return Number(m[1]) * (SUFFIX[m[2] ?? ''] ?? 1);
};

/** Bytes as a quantity Kubernetes accepts, rounded up to whole Mi (or Gi when exact). */
export const formatBytes = (bytes: number): string => {
  const mi = Math.ceil(bytes / 2 ** 20);
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
};

/** Cores as millicores ("1500m"), rounded up. */
export const formatCores = (cores: number): string => `${Math.ceil(cores * 1000)}m`;
