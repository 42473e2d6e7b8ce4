// The HTTP binding (CloudEvents 1.0.2, 3.1.3.2): in a ce-* header, space, '"', '%' and every character outside
// printable ASCII are percent-encoded as UTF-8 bytes. The SDK does not do it, and a raw NUL, emoji or lone
// surrogate in a header makes the request fail before it is sent (an alert name is such a value: the subject).

// Printable ASCII but space, '"' and '%': what a header value carries as it is (almost every value).
const AS_IS = /^[\x21\x23\x24\x26-\x7e]*$/;

/** A ce-* header value as the HTTP binding sends it: printable ASCII, the rest percent-encoded as UTF-8. */
export const percentEncode = (value: string): string => {
  if (AS_IS.test(value)) return value;
  let out = '';
  for (const byte of Buffer.from(value.toWellFormed(), 'utf8')) {
    out +=
      byte > 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
};

/** A received ce-* header value decoded; one that is not our encoding (a stray '%', not UTF-8) is kept as sent. */
export const percentDecode = (value: string): string => {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};
