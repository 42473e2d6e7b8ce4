import { ENV_VARS } from './env-vars.ts';

/** The README's configuration table (Markdown), generated from ENV_VARS so the two cannot drift apart. */
export const configTable = (): string =>
  [
    '| variable | what it sets | default |',
    '|---|---|---|',
    ...ENV_VARS.map(
      (v) =>
        `| \`${v.name}\` | ${v.doc.replace(/\|/g, '\\|')} | ${v.default === '—' ? '—' : v.default.startsWith('—') ? v.default : `\`${v.default.replace(/\|/g, '\\|')}\``} |`,
    ),
  ].join('\n');
