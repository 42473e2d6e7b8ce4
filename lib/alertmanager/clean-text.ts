// Postgres text and jsonb refuse NUL, and jsonb refuses lone UTF-16 surrogates ("\ud800"), which JSON.parse
// lets through: both become U+FFFD, so an accepted alert can always be stored (it is never dead-lettered later).
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what Postgres refuses
const NUL = /\u0000/g;

// Almost all text is clean already: it is then passed on as it is, not copied.
const isClean = (text: string): boolean => !text.includes('\u0000') && text.isWellFormed();

/** Text every later stage can store: no NUL, no lone surrogate. */
export const cleanText = (text: string): string => (isClean(text) ? text : text.replace(NUL, '\uFFFD').toWellFormed());

/** A label or annotation set with its names and values cleaned (the same set when they all are clean already). */
export const cleanRecord = (record: Readonly<Record<string, string>>): Readonly<Record<string, string>> => {
  for (const key in record) {
    if (!isClean(key) || !isClean(record[key] as string))
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [cleanText(k), cleanText(v)]));
  }
  return record;
};
