// What Grafana sends to PostgreSQL for a panel's rawSql: first the dashboard variables, as the SQL data sources
// interpolate them (packages/grafana-sql SqlDatasource.interpolateVariable: a single value inserted as it is,
// quotes doubled), then the backend's macros (pkg/tsdb/grafana-postgresql-datasource/macros.go: the same regex,
// arguments split on commas and trimmed, times in UTC as RFC 3339 with Go's trimmed fraction).

/** A time range, as the dashboard's picker gives it. */
export interface TimeRange {
  from: Date;
  to: Date;
}

// Go's time.RFC3339Nano in UTC: no fraction when it is zero, else without trailing zeros.
const rfc3339Nano = (d: Date): string => {
  const [whole, fraction = ''] = d.toISOString().replace('Z', '').split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole}${trimmed ? `.${trimmed}` : ''}Z`;
};

const seconds = (interval: string): number => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(interval.replace(/^'|'$/g, ''));
  if (!m) throw new Error(`macro interval ${interval} is not one Grafana parses here`);
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 'ms'];
};

const macro = (name: string, args: string[], range: TimeRange): string => {
  const [column = '', interval = ''] = args;
  const need = (n: number) => {
    if (args.length < n || !column) throw new Error(`macro $${name} is missing arguments`);
  };
  switch (name) {
    case '__time':
      need(1);
      return `${column} AS "time"`;
    case '__timeEpoch':
      need(1);
      return `extract(epoch from ${column}) as "time"`;
    case '__timeFilter':
      need(1);
      return `${column} BETWEEN '${rfc3339Nano(range.from)}' AND '${rfc3339Nano(range.to)}'`;
    case '__timeFrom':
      return `'${rfc3339Nano(range.from)}'`;
    case '__timeTo':
      return `'${rfc3339Nano(range.to)}'`;
    case '__timeGroup':
      need(2);
      return `floor(extract(epoch from ${column})/${seconds(interval)})*${seconds(interval)}`;
    case '__timeGroupAlias':
      need(2);
      return `${macro('__timeGroup', args, range)} AS "time"`;
    default:
      throw new Error(`unknown macro $${name}`);
  }
};

/** The SQL Grafana runs for `rawSql` with these variable values over `range`; throws on anything left unexpanded. */
export const grafanaSql = (rawSql: string, variables: Readonly<Record<string, string>>, range: TimeRange): string => {
  const interpolated = rawSql.replace(
    /\$\{(\w+)\}|\$(\w+)|\[\[(\w+)\]\]/g,
    (whole, braced?: string, plain?: string, bracketed?: string) => {
      const name = (braced ?? plain ?? bracketed) as string;
      if (name.startsWith('__')) return whole;
      const value = variables[name];
      if (value === undefined) throw new Error(`variable $${name} is not defined by the dashboard`);
      return value.replace(/'/g, "''");
    },
  );
  const expanded = interpolated.replace(/\$([_a-zA-Z0-9]+)\(([^)]*)\)/g, (_, name: string, args: string) =>
    macro(
      name,
      args.split(',').map((a) => a.trim()),
      range,
    ),
  );
  const left = /\$[_a-zA-Z{[]/.exec(expanded);
  if (left) throw new Error(`left unexpanded: ${expanded.slice(left.index, left.index + 30)}`);
  return expanded;
};
