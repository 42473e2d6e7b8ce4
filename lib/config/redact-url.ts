// userinfo is everything between "scheme://" and "@" in the authority: no "/", "@", whitespace or quote.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s"'<>]+@/gi;

/** Text with the userinfo (`user:password@`) of every URL in it replaced: safe to print or log. */
export const redactUrls = (text: string): string => text.replace(USERINFO, '$1[redacted]@');
