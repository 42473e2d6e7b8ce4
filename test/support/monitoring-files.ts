import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { onPath } from './on-path.ts';

// The monitoring files in knative/monitoring/, read the way Grafana and Prometheus read them.

/** knative/monitoring/. */
export const monitoringDir = join(import.meta.dirname, '..', '..', 'knative', 'monitoring');

/** A panel's query: Prometheus (`expr`) or PostgreSQL (`rawSql`). */
export interface DashboardTarget {
  panel: string;
  refId: string;
  datasource: { type: string; uid: string };
  expr?: string;
  rawSql?: string;
}

/** A dashboard panel, as far as the tests read it (rows hold their panels when collapsed). */
export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  targets?: Omit<DashboardTarget, 'panel'>[];
  panels?: Panel[];
}

/** The dashboard JSON, as parsed. */
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string; current?: { value?: string } }[] };
}

/** The dashboard as committed. */
export const loadDashboard = (): Dashboard =>
  JSON.parse(readFileSync(join(monitoringDir, 'grafana', 'alerts-slm.json'), 'utf8')) as Dashboard;

/** Every panel, rows' nested ones included. */
export const allPanels = (dashboard: Dashboard): Panel[] => dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);

/** Every query of every panel. */
export const dashboardTargets = (dashboard: Dashboard): DashboardTarget[] =>
  allPanels(dashboard).flatMap((p) => (p.targets ?? []).map((t) => ({ ...t, panel: p.title })));

/** A rule of a rules file. */
export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A Prometheus rules file's groups. */
export interface RuleGroups {
  groups: { name: string; interval?: string; rules: Rule[] }[];
}

/** The plain rules file (what `rule_files:` loads). */
export const RULES_FILE = join(monitoringDir, 'alerts-slm.rules.yaml');
/** promtool's unit tests of it. */
export const RULES_TEST_FILE = join(monitoringDir, 'alerts-slm.rules.test.yaml');

/** The rules of the plain file. */
export const loadRules = (): RuleGroups => parseYaml(readFileSync(RULES_FILE, 'utf8')) as RuleGroups;

/** promtool (Debian's `prometheus` package ships it), or null when it is not installed. */
export const PROMTOOL = process.env.PROMTOOL_BIN ?? onPath(['promtool']);
