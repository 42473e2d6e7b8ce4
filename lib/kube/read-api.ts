import type { AppsV1Api, AutoscalingV2Api, BatchV1Api, CoreV1Api, StorageV1Api } from '@kubernetes/client-node';

/**
 * The API calls the read-only facts are built from: the typed clients answer them, and so does a Kubernetes MCP
 * server (lib/kube/mcp-read-api.ts), so both read sources share one way of turning objects into facts.
 */
export interface KubeReadApi {
  core: Pick<
    CoreV1Api,
    | 'readNamespacedPod'
    | 'listNamespacedPod'
    | 'listNamespacedEvent'
    | 'listEventForAllNamespaces'
    | 'readNode'
    | 'listNode'
    | 'readNamespacedPersistentVolumeClaim'
    | 'readNamespacedService'
    | 'readPersistentVolume'
    | 'listNamespacedResourceQuota'
    | 'listNamespacedLimitRange'
    | 'listPodForAllNamespaces'
  >;
  apps: Pick<
    AppsV1Api,
    | 'readNamespacedDeployment'
    | 'readNamespacedStatefulSet'
    | 'readNamespacedDaemonSet'
    | 'readNamespacedReplicaSet'
    | 'listNamespacedReplicaSet'
  >;
  autoscaling: Pick<AutoscalingV2Api, 'readNamespacedHorizontalPodAutoscaler' | 'listNamespacedHorizontalPodAutoscaler'>;
  batch: Pick<BatchV1Api, 'readNamespacedJob'>;
  storage: Pick<StorageV1Api, 'readStorageClass'>;
}
