/**
 * Danish reasons for the import report. The engine's issues carry a field and an English message (for developers
 * and the API's problem details); a migration lead reads the report in Danish, so each issue is translated by its
 * shape, and the English text stays in the report's detail column.
 */
import type { ValidationIssue } from '@frist/obligations';

const CODE_REASONS: Record<string, string> = {
  PERMANENT_REQUIRES_AGE_40: 'permanent fleksjob kræver, at borgeren er fyldt 40 år på datoen',
  EVENT_BEFORE_BIRTH: 'hændelsen ligger før borgerens fødselsdato',
  EVENT_IN_FUTURE: 'hændelsen ligger efter i dag; fremtidige hændelser registreres, når de er sket',
  EVENT_ID_DUPLICATE: 'samme eventId bruges flere gange i sagen',
  CPR_NOT_ALLOWED: 'ligner et CPR-nummer; brug fagsystemets sagsreference',
};

const PATTERNS: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/^unknown event type "([^"]*)" for case type (\S+)/, (m) => `ukendt hændelsestype «${m[1]}» for sagstypen ${m[2]}`],
  [/^is required/, () => 'skal udfyldes'],
  [/^must not be empty/, () => 'må ikke være tom'],
  [/^(.*) is not one of (.*?)( \(|$)/, (m) => `${m[1]} er ikke en af de tilladte værdier: ${m[2]}`],
  [/is not a real calendar date/, () => 'er ikke en gyldig dato (ÅÅÅÅ-MM-DD)'],
  [/^must be a whole number from (\S+) to (\S+)/, (m) => `skal være et helt tal fra ${m[1]} til ${m[2]}`],
  [/^must be a number from (\S+) to (\S+)/, (m) => `skal være et tal fra ${m[1]} til ${m[2]}`],
  [/^must be a number greater than 0/, () => 'skal være et tal større end 0'],
  [/^must be text/, () => 'skal være tekst'],
  [/is not an obligation code/, () => 'er ikke en kendt forpligtelse'],
  [/is not a case type/, () => 'er ikke en sagstype (fleksjob, sygedagpenge)'],
  [/^must be an object/, () => 'skal være et objekt med type og date'],
];

/** The Danish reason for one engine issue; a generic one (with the English detail beside it) if unrecognised. */
export function danishReason(issue: Pick<ValidationIssue, 'code' | 'message'>): string {
  if (issue.code && CODE_REASONS[issue.code]) return CODE_REASONS[issue.code];
  for (const [pattern, reason] of PATTERNS) {
    const m = pattern.exec(issue.message);
    if (m) return reason(m);
  }
  return 'ugyldig værdi (se detaljen)';
}

export const IMPORT_REASONS = {
  notJson: 'linjen er ikke gyldig JSON',
  notObject: 'linjen skal være ét JSON-objekt (én sag)',
  citizenRefMissing: 'citizenRef skal udfyldes (1-100 tegn)',
  cpr: CODE_REASONS.CPR_NOT_ALLOWED,
  team: 'team skal være et holdnavn med små bogstaver, tal og bindestreg',
  caseType: 'caseType skal være fleksjob eller sygedagpenge',
  caseId: 'caseId skal være et UUID',
  birthDateMissing: 'fødselsdato skal udfyldes for en fleksjobsag',
  birthDateInvalid: 'fødselsdato er ikke en gyldig dato (ÅÅÅÅ-MM-DD)',
  birthDateFuture: 'fødselsdato ligger efter i dag',
  eventsMissing: 'events skal være en liste af hændelser',
  eventId: 'eventId skal være 1-100 tegn af A-Z a-z 0-9 . _ : -',
  duplicateEventId: CODE_REASONS.EVENT_ID_DUPLICATE,
  future: CODE_REASONS.EVENT_IN_FUTURE,
  csvColumn: 'CSV-rækken mangler en påkrævet kolonne',
  csvCaseFactsDiffer: 'CSV-rækkerne for samme sag har forskellige sagsfakta',
  teamNotYours: 'holdet er ikke et af dine hold',
} as const;
