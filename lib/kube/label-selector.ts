/** A Kubernetes LabelSelector (matchLabels and matchExpressions). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A LabelSelector as the `labelSelector` query parameter (`a=b,c in (d,e),!f`). */
export const selectorString = (selector: LabelSelector | undefined): string =>
  [
    ...Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector?.matchExpressions ?? []).map((e) => {
      const values = (e.values ?? []).join(',');
      if (e.operator === 'In') return `${e.key} in (${values})`;
      if (e.operator === 'NotIn') return `${e.key} notin (${values})`;
      if (e.operator === 'Exists') return e.key;
      return `!${e.key}`;
    }),
  ].join(',');
