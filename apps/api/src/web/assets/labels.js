// @ts-check
/** Danish words for the API's codes. Obligation names and event meanings come from the engine's catalog. */

/** @type {Record<string, string>} */
export const STATUS = {
  open: 'Åben',
  overdue: 'Overskredet',
  met: 'Opfyldt',
  'met-late': 'Opfyldt for sent',
  waived: 'Dispenseret',
  cancelled: 'Bortfaldet',
  // A trial's 7-day volume window that closed without reaching its target (final).
  missed: 'Ikke nået',
};

/** @type {Record<string, string>} */
export const KIND = {
  legal: 'Lovkrav',
  target: 'Måltal (indsatsmodel, ikke lovkrav)',
  policy: 'Lokal beslutning (ikke lovkrav)',
};

/** What the legal basis of a deadline rests on (its tag). @type {Record<string, string>} */
export const BASIS_TAG = {
  L: 'lovtekst',
  R: 'lovbemærkninger',
  S: 'sekundær kilde',
  I: 'fortolkning',
  P: 'lokalt valg',
};

/**
 * "Hjemmel" as shown to the caseworker: the Danish legal basis and what it rests on.
 * @param {{ text: string, tag: string } | null | undefined} basis
 */
export const legalBasisText = (basis) =>
  basis ? `${basis.text} (grundlag: ${label(BASIS_TAG, basis.tag)})` : 'ikke angivet';

/** @type {Record<string, string>} */
export const PHASE = {
  PRE: 'Før visitation',
  LY: 'Ledig på ledighedsydelse',
  JOB: 'I fleksjob',
  SICK: 'Sygemeldt',
  RECOVERED: 'Raskmeldt',
  CLOSED: 'Afsluttet',
};

/** The phase in the words of the case's type (a sygedagpenge case before its first day of absence is not "før visitation"). */
export const phaseLabel = (/** @type {string} */ phase, /** @type {string | undefined} */ caseType) =>
  caseType === 'sygedagpenge' && phase === 'PRE' ? 'Før sygemelding' : label(PHASE, phase);

/** @type {Record<string, string>} */
export const CASE_TYPE = { fleksjob: 'Fleksjob', sygedagpenge: 'Sygedagpenge' };

/** Trial enrolments (forsøg). @type {Record<string, string>} */
export const ENROLMENT_STATUS = {
  active: 'Aktiv',
  completed: 'Gennemført',
  exempted: 'Fritaget',
  ended: 'Afsluttet før tid',
};

/** @type {Record<string, string>} */
export const ENROLMENT_OUTCOME = {
  'period-ended': 'forsøgsperioden udløb',
  flexjob: 'i fleksjob',
  'returned-to-work': 'raskmeldt',
  'case-closed': 'sagen afsluttet',
  exempted: 'fritaget',
};

/** @type {Record<string, string>} */
export const ROLE = { caseworker: 'Sagsbehandler', manager: 'Leder', ops: 'Drift', jurist: 'Jurist' };

/** Short names for charts and tables (the catalog's full names are long). @type {Record<string, string>} */
export const SHORT_CODE = {
  'phase1-target': 'Fase 1 (10 uger)',
  'contact-14d': 'Kontakt (14 dage)',
  'passivity-screening': 'Screening (4 mdr.)',
  'passivity-rereview': 'Genbehandling (6 mdr.)',
  'other-actor-12m': 'Anden aktør (12 mdr.)',
  'flexjob-agreement': 'Aftale i Min Plan',
  'capacity-decision': 'Afgørelse om arbejdsevne',
  'flexjob-followups': 'Opfølgning (4 på 6 mdr.)',
  'statutory-followup-30m': 'Opfølgning (2½ år)',
  'temporary-status-54m': 'Status (4½ år)',
  'sdp-first-followup': '8-ugers samtale',
  'sdp-followup': 'Opfølgning (4/8 uger)',
  'aht-weekly-contact': 'Ugentlig kontakt (forsøg)',
  'aht-activity-10h': '10 timer pr. uge (forsøg)',
};

/** @type {Record<string, string>} */
export const FIELD = {
  form: 'Kontaktform',
  recommendation: 'Indstilling',
  reason: 'Begrundelse',
  intervalDays: 'Interval (dage)',
  hoursPerWeek: 'Timer pr. uge',
  employer: 'Arbejdsgiver',
  location: 'Sted',
  outcome: 'Udfald',
  code: 'Forpligtelse',
  cadenceWeeks: 'Kadence (uger)',
  heldBy: 'Afholdt af',
  program: 'Forsøg',
  arm: 'Gruppe',
  hours: 'Timer',
  offerType: 'Tilbudstype',
  citizenRef: 'Borgerreference',
  birthDate: 'Fødselsdato',
  date: 'Dato',
  team: 'Team',
  caseType: 'Sagstype',
  type: 'Hændelsestype',
  reasonCode: 'Fritagelsesårsag',
  note: 'Note',
  url: 'Adresse',
  description: 'Beskrivelse',
  replacement: 'Rettelse',
  assignee: 'Ansvarlig',
  eventId: 'Hændelses-id',
};

/** @type {Record<string, string>} */
export const VALUE = {
  'in-person': 'Personligt fremmøde',
  phone: 'Telefon',
  video: 'Video',
  group: 'Gruppeforløb',
  digital: 'Digitalt',
  flexjob: 'Fleksjob',
  'resource-course': 'Ressourceforløb',
  'disability-pension': 'Førtidspension',
  other: 'Andet',
  permanent: 'Permanent fleksjob',
  renewed: 'Ny midlertidig periode',
  ended: 'Fleksjob ophører',
  jobcenter: 'Jobcenter',
  'other-actor': 'Anden aktør',
  'offer-provider': 'Tilbudssted',
  participant: 'Deltagergruppe',
  control: 'Kontrolgruppe',
  lab: 'LAB-tilbud',
  preventive: 'Forebyggende tilbud',
  'partial-return': 'Delvis raskmelding',
  hospitalised: 'Indlagt',
  standard: 'Standard',
};

/** @type {Record<string, string>} */
export const AUDIT_ACTION = {
  EVENT_RECORDED: 'Hændelse registreret',
  EVENT_RETRACTED: 'Hændelse tilbagekaldt',
  EVENT_CORRECTED: 'Hændelse rettet',
  DUE_DATE_MOVED: 'Frist flyttet',
  TASK_REMOVED: 'Opgave fjernet',
  TASK_CLAIMED: 'Opgave taget',
  TASK_UNCLAIMED: 'Opgave frigivet',
  TASK_ASSIGNED: 'Opgave tildelt',
  CASE_MOVED: 'Sag flyttet',
  CASE_CLOSED: 'Sag afsluttet',
  TRIAL_ASSIGNED: 'Randomiseret til forsøg',
  TRIAL_EXEMPTED: 'Fritaget fra forsøg',
  TASK_ADDED: 'Opgave tilføjet efter lovændring',
  TASK_RULE_SET_CHANGED: 'Opgavens regelgrundlag ændret',
  TASK_POLICY_CHANGED: 'Opgavens lokale politik ændret',
  CASE_IMPORTED: 'Sag importeret',
};

/** What an import run did to a case (the audit entry of CASE_IMPORTED). @type {Record<string, string>} */
export const IMPORT_OUTCOME = { created: 'Oprettet', updated: 'Opdateret' };

/** @type {Record<string, string>} */
export const BASIS = {
  visitation: 'siden visitation',
  'internship-ended': 'siden praktik sluttede',
  'flexjob-ended': 'siden fleksjob ophørte',
};

/** Temporal execution statuses. @type {Record<string, string>} */
export const WORKFLOW_STATUS = {
  Running: 'Kører',
  Completed: 'Afsluttet',
  Failed: 'Fejlet',
  TimedOut: 'Tidsudløb',
  Terminated: 'Afbrudt',
  Canceled: 'Annulleret',
  ContinuedAsNew: 'Fortsat som ny',
};

/** @param {Record<string, string>} table @param {string | null | undefined} key */
export const label = (table, key) => (key ? (table[key] ?? key) : '–');

/** Governed rule changes (Regelændringer). @type {Record<string, string>} */
export const RULE_CHANGE_KIND = { 'rule-set': 'Regelsæt', policy: 'Lokal politik', migration: 'Lovmigrering' };
/** @type {Record<string, string>} */
export const RULE_CHANGE_STATUS = {
  draft: 'Kladde – afventer godkendelse',
  approved: 'Godkendt – afventer offentliggørelse',
  published: 'Offentliggjort',
};
/** @type {Record<string, string>} */
export const RULE_CHANGE_ACTION = {
  drafted: 'Udarbejdet',
  approved: 'Godkendt',
  published: 'Offentliggjort',
  applied: 'Udrulning startet',
};
/** What a dry run of a migration or a policy decision counts (its totals). @type {Record<string, string>} */
export const IMPACT_CHANGE = {
  appears: 'Ny opgave',
  moves: 'Frist flyttes',
  kind: 'Ny art',
  'rule-set': 'Nyt regelsæt',
  policy: 'Ny lokal politik',
  closes: 'Lukkes',
  disappears: 'Fjernes (opstår ikke længere)',
  backfilled: 'Bagudrettede opgaver',
  backfilledOverdue: 'Heraf allerede overskredne',
};
/** The policy switches of a municipality or team. @type {Record<string, string>} */
export const POLICY_SWITCH = {
  'contactCadence.enabled': 'Kontaktforløb hver 14. dag',
  'passivity.enabled': 'Passivitetsscreening og faglig genvurdering',
  'otherActor12m.enabled': 'Henvisning til anden aktør efter 12 måneder',
  'sdpFollowups.enabled': 'Opfølgning i sygedagpengesager',
};
