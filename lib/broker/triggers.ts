import { DEFAULT_DELIVERY, parseDelivery, type DeliverySpec } from './delivery-spec.ts';
import type { Manifest } from './knative-manifests.ts';
import type { SubscriptionsApiFilter } from './trigger-filter.ts';

/** A Trigger as the local broker uses it: which events, to which function, with which delivery. */
export interface Trigger {
  name: string;
  broker: string;
  attributes: Record<string, string>;
  filters: SubscriptionsApiFilter[];
  /** The function named by the subscriber Service's FUNCTION variable. */
  subscriber: string;
  delivery: DeliverySpec;
}

const serviceFunction = (service: Manifest): string | undefined => {
  const containers =
    (service.spec?.template as { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } })?.spec?.containers ?? [];
  return containers.flatMap((c) => c.env ?? []).find((e) => e.name === 'FUNCTION')?.value;
};

/** The Triggers of `manifests`, each resolved to the function its subscriber Service runs; throws naming a dangling ref. */
export const triggersFrom = (manifests: readonly Manifest[]): Trigger[] => {
  const services = new Map(
    manifests.filter((m) => m.kind === 'Service' && m.apiVersion.startsWith('serving.knative.dev/')).map((s) => [s.metadata.name, s]),
  );
  const brokers = new Map(
    manifests.filter((m) => m.kind === 'Broker').map((b) => [b.metadata.name, parseDelivery(b.spec?.delivery as never)]),
  );
  return manifests
    .filter((m) => m.kind === 'Trigger')
    .map((t) => {
      const spec = (t.spec ?? {}) as {
        broker?: string;
        filter?: { attributes?: Record<string, string> };
        filters?: SubscriptionsApiFilter[];
        subscriber?: { ref?: { kind?: string; name?: string } };
        delivery?: never;
      };
      const ref = spec.subscriber?.ref;
      const service = ref?.kind === 'Service' && ref.name ? services.get(ref.name) : undefined;
      const fn = service && serviceFunction(service);
      if (!fn)
        throw new Error(
          `${t.file}: Trigger ${t.metadata.name}: subscriber ${ref?.kind}/${ref?.name} is not a Knative Service with a FUNCTION variable`,
        );
      const broker = spec.broker ?? 'default';
      const delivery = parseDelivery(spec.delivery, brokers.get(broker) ?? DEFAULT_DELIVERY);
      // A dead-letter sink that is one of our Services is named by the function it runs, like a subscriber.
      const sink = delivery.deadLetterSink ? services.get(delivery.deadLetterSink) : undefined;
      return {
        name: t.metadata.name,
        broker,
        attributes: spec.filter?.attributes ?? {},
        filters: spec.filters ?? [],
        subscriber: fn,
        delivery: { ...delivery, deadLetterSink: (sink && serviceFunction(sink)) ?? delivery.deadLetterSink },
      };
    });
};
