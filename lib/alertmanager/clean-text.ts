// Postgres text and jsonb refuse NUL, and jsonb refuses lone UTF-16 surrogates ("\ud800"), which JSON.parse
// lets through: both become U+FFFD, so an accepted alert can always be stored (it is never dead-lettered later).
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what Postgres refuses
const NUL = /\u0000/g;

/** Text every later stage can store: no NUL, no lone surrogate. */
export const cleanText = (text: string): string => text.replace(NUL, '\uFFFD').toWellFormed();

/** A label or annotation set with its names and values cleaned. */
export const cleanRecord = (record: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [cleanText(k), cleanText(v)]));
