/** Does a name match a pattern: exact, or a glob where `*` matches any run of characters? */
export const globMatch = (pattern: string, name: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name);

/** Does any pattern match? */
export const anyMatch = (patterns: readonly string[], name: string): boolean => patterns.some((p) => globMatch(p, name));

/** The first rule whose namespaces and severities match, or undefined. */
export const firstInScope = <R extends { namespaces: string[]; severities: string[] }>(
  rules: readonly R[],
  namespace: string,
  severity: string,
): R | undefined => rules.find((r) => anyMatch(r.namespaces, namespace) && anyMatch(r.severities, severity));
