import { containsCpr } from '@frist/contracts';

/**
 * Fields never logged in the clear: credentials in headers and bodies, token-bearing query strings, payload keys.
 * pino's redaction works on paths; free text is covered by {@link maskCprInLogLine}.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.jwtSecret',
  '*.payloadKeys',
  '*.authorization',
];

/** A JSON string literal or a bare number run in a serialized log line. */
const TOKEN = /"(?:[^"\\]|\\.)*"|\d[\d ./-]*\d/g;
const DIGITS = /\p{Nd}/gu;
/** One written number: digits with the separators a CPR number may have between its groups (as the detector). */
const NUMBER_RUN = /\p{Nd}(?:[\p{Zs}\t\p{Pd}\u2212./]{0,3}\p{Nd})*/gu;

/**
 * frist must never hold a CPR number, and a log line is no exception: every string or number of a serialized line
 * that reads as one (the shared detector, with its separators and Unicode digits) has that number's digits replaced
 * by `*`.
 * Cheap on the common path: only tokens with ten or more digits are checked.
 */
export function maskCprInLogLine(line: string): string {
  return line.replace(TOKEN, (token) => {
    const digits = token.match(DIGITS);
    if (!digits || digits.length < 10 || !containsCpr(token)) return token;
    const masked = token.replace(NUMBER_RUN, (run) => (containsCpr(run) ? run.replace(DIGITS, '*') : run));
    // A bare number becomes a string, so the line stays valid JSON.
    return masked.startsWith('"') ? masked : `"${masked}"`;
  });
}
