import test from 'ava';
import { expressionNeeds, withGrafanaIntervals } from './promql-selectors.ts';

test('selectors, their matchers and the grouping labels are read; functions, keywords and durations are not metrics', (t) => {
  t.deepEqual(
    expressionNeeds('sum by (le, model) (rate(x_bucket{outcome!="ok", provider=~"a|b"}[5m] offset 1h)) / on(model) group_left(provider) y'),
    {
      selectors: [
        { name: 'x_bucket', labels: ['outcome', 'provider'] },
        { name: 'y', labels: [] },
      ],
      groupingLabels: ['le', 'model', 'model', 'provider'],
    },
  );
});

test('a __name__ matcher names the metric; a label value that looks like PromQL is only a value', (t) => {
  t.deepEqual(expressionNeeds('{__name__="z", a="sum(rate(w[5m]))"} unless z offset 15m or vector(0)').selectors, [
    { name: 'z', labels: ['a'] },
    { name: 'z', labels: [] },
  ]);
});

test("Grafana's interval variables are replaced before reading", (t) => {
  t.is(withGrafanaIntervals('rate(x[$__rate_interval]) + increase(y[$__range]) + z[$__interval]'), 'rate(x[5m]) + increase(y[5m]) + z[5m]');
  t.throws(() => expressionNeeds('rate(x[$__rate_interval])'), { message: /cannot read PromQL/ });
});
