/** A valid entry: KubeNodeNotReady as kubernetes-mixin's kubelet alerts label it. */
export const corpusEntry = (over: Record<string, unknown> = {}) => ({
  id: 'node-not-ready',
  category: 'node',
  source: 'kubernetes-mixin alerts/kubelet.libsonnet',
  rationale: 'Runbook: a node that is not Ready cannot host new pods; cordon it while it is repaired.',
  status: 'firing',
  labels: { alertname: 'KubeNodeNotReady', condition: 'Ready', job: 'kube-state-metrics', node: 'worker-4', severity: 'warning', status: 'true' },
  annotations: { summary: 'Node is not ready.' },
  startsAt: '2026-11-20T08:14:03.118Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: '',
  fingerprint: '5d2c1e0b7a9f3c44',
  expected: ['cordon_node', 'collect_diagnostics', 'notify_only'],
  preferred: ['cordon_node'],
  must_not: ['drain_node', 'delete_namespace'],
  ...over,
});
