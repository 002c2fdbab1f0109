/**
 * The worked examples of spec trials-and-sygedagpenge.md §W (S1–S6), transcribed row by row. Omitted fields in
 * the spec are heldBy `jobcenter`, form `in-person`, program `aht-demo` and offerType `preventive`; they are written
 * out here. `hours:` entries are ACTIVE_OFFER_HOURS_REGISTERED events appended after the listed events (so the
 * spec's event numbers stay the input indexes). Columns as in obligations.md §F.
 */
import { type CaseEvent, type Enrolment } from '../engine/engine-types';
import { type WorkedExample } from './worked-examples.fixture';

export interface TrialWorkedExample extends Omit<WorkedExample, 'birthDate' | 'warnings'> {
  caseType: 'sygedagpenge' | 'fleksjob';
  birthDate?: string;
  enrolments: Enrolment[];
  /** eventIndex, type and a fragment of the reason (the code where the spec names one). */
  warnings: ReadonlyArray<{ eventIndex: number; type: string; reasonContains: string }>;
}

const PROGRAM = 'aht-demo';

function ev(date: string, type: string, fields: Record<string, unknown> = {}): CaseEvent {
  const defaults: Record<string, unknown> = {};
  if (['FIRST_FOLLOWUP_HELD', 'SICKNESS_FOLLOWUP_HELD', 'CONTACT_HELD'].includes(type)) {
    defaults.heldBy = 'jobcenter';
    defaults.form = 'in-person';
  }
  if (type.startsWith('TRIAL_')) defaults.program = PROGRAM;
  return { type, date, ...defaults, ...fields };
}

function hours(list: ReadonlyArray<readonly [string, number, 'lab'?]>): CaseEvent[] {
  return list.map(([date, h, lab]) => ({
    type: 'ACTIVE_OFFER_HOURS_REGISTERED',
    date,
    hours: h,
    offerType: lab ?? 'preventive',
  }));
}

const S4_EVENTS = (arm: 'participant' | 'control'): CaseEvent[] => [
  ev('2027-06-07', 'SICK_LEAVE_STARTED'),
  ev('2027-07-27', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 8 }),
  ev('2027-07-27', 'TRIAL_ASSIGNED', { arm }),
  ev('2027-08-03', 'CONTACT_HELD', { heldBy: 'offer-provider' }),
  ev('2027-08-09', 'CONTACT_HELD', { form: 'phone' }),
  ev('2027-08-13', 'TRIAL_EXEMPTED', { reason: 'health-treatment' }),
  ev('2027-09-20', 'SICKNESS_FOLLOWUP_HELD'),
  ...hours([
    ['2027-08-10', 5],
    ['2027-08-12', 2],
  ]),
];

const S4_SDP_ROWS: TrialWorkedExample['rows'] = [
  ['sdp-first-followup', '1', '2027-06-07', '2027-08-01', '2027-07-30', '2027-07-27', 'met', 'Sun → Fri'],
  ['sdp-followup', '1', '2027-07-27', '2027-09-21', '=', '2027-09-20', 'met', '8 uger'],
  ['sdp-followup', '2', '2027-09-20', '2027-11-15', '=', '—', 'open', ''],
];

export const TRIAL_WORKED_EXAMPLES: TrialWorkedExample[] = [
  {
    id: 'S1a',
    title: '4-week cadence',
    caseType: 'sygedagpenge',
    asOf: '2028-09-20',
    events: [
      ev('2028-04-11', 'SICK_LEAVE_STARTED'),
      ev('2028-05-30', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 4 }),
      ev('2028-06-26', 'SICKNESS_FOLLOWUP_HELD', { heldBy: 'other-actor', form: 'phone' }),
      ev('2028-07-27', 'SICKNESS_FOLLOWUP_HELD'),
      ev('2028-08-22', 'SICKNESS_FOLLOWUP_HELD', { form: 'video' }),
    ],
    rows: [
      ['sdp-first-followup', '1', '2028-04-11', '2028-06-05', '2028-06-02', '2028-05-30', 'met', 'pinse → Fri'],
      ['sdp-followup', '1', '2028-05-30', '2028-06-27', '=', '2028-06-26', 'met', '4 uger'],
      ['sdp-followup', '2', '2028-06-26', '2028-07-24', '=', '2028-07-27', 'met-late', ''],
      ['sdp-followup', '3', '2028-07-27', '2028-08-24', '=', '2028-08-22', 'met', ''],
      ['sdp-followup', '4', '2028-08-22', '2028-09-19', '=', '—', 'overdue', ''],
    ],
    explanations: [
      [
        'sdp-first-followup',
        1,
        'udgangen af 8. uge regnet fra første fraværsdag 2028-04-11 = 2028-06-05; 2028-06-05 er 2. pinsedag og grundlovsdag → forfalder fredag 2028-06-02',
      ],
    ],
    enrolments: [],
    warnings: [],
  },
  {
    id: 'S1b',
    title: '8-week cadence changed to 4 weeks',
    caseType: 'sygedagpenge',
    asOf: '2028-09-20',
    events: [
      ev('2028-04-11', 'SICK_LEAVE_STARTED'),
      ev('2028-05-30', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 8 }),
      ev('2028-07-20', 'SICKNESS_FOLLOWUP_HELD'),
      ev('2028-08-01', 'FOLLOWUP_CADENCE_SET', { cadenceWeeks: 4, reason: 'risiko for langvarigt forløb' }),
      ev('2028-09-12', 'SICKNESS_FOLLOWUP_HELD'),
    ],
    rows: [
      ['sdp-first-followup', '1', '2028-04-11', '2028-06-05', '2028-06-02', '2028-05-30', 'met', 'pinse → Fri'],
      ['sdp-followup', '1', '2028-05-30', '2028-07-25', '=', '2028-07-20', 'met', '8 uger'],
      ['sdp-followup', '2', '2028-07-20', '2028-09-14', '=', '2028-09-12', 'met', '8 uger'],
      ['sdp-followup', '3', '2028-09-12', '2028-10-10', '=', '—', 'open', '4 uger'],
    ],
    explanations: [],
    enrolments: [],
    warnings: [],
  },
  {
    id: 'S2',
    title: 'Raskmeldt before the 8-week talk',
    caseType: 'sygedagpenge',
    asOf: '2027-04-30',
    events: [
      ev('2027-03-01', 'SICK_LEAVE_STARTED'),
      ev('2027-04-12', 'RETURNED_TO_WORK'),
      ev('2027-04-20', 'TRIAL_ASSIGNED', { arm: 'participant' }),
    ],
    rows: [
      ['sdp-first-followup', '1', '2027-03-01', '2027-04-25', '2027-04-23', '2027-04-12', 'cancelled', 'Sun → Fri'],
    ],
    explanations: [],
    enrolments: [],
    warnings: [{ eventIndex: 2, type: 'TRIAL_ASSIGNED', reasonContains: 'after RETURNED_TO_WORK' }],
  },
  {
    id: 'S3',
    title: 'Across the midtvejsjustering (transposed to 2027-03-12)',
    caseType: 'sygedagpenge',
    asOf: '2027-03-31',
    events: [
      ev('2027-01-04', 'SICK_LEAVE_STARTED'),
      ev('2027-02-24', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 4 }),
      ev('2027-02-24', 'TRIAL_ASSIGNED', { arm: 'participant' }),
      ev('2027-03-03', 'CONTACT_HELD', { heldBy: 'offer-provider' }),
      ev('2027-03-08', 'TRIAL_EXEMPTED', { reason: 'return-imminent' }),
      ev('2027-03-12', 'CONTACT_HELD', { form: 'phone' }),
      ev('2027-03-15', 'CONTACT_HELD'),
      ev('2027-03-22', 'CONTACT_HELD', { form: 'phone' }),
      ev('2027-03-24', 'SICKNESS_FOLLOWUP_HELD', { form: 'phone' }),
      ...hours([
        ['2027-03-10', 5],
        ['2027-03-11', 5],
        ['2027-03-17', 4],
        ['2027-03-19', 4],
        ['2027-03-24', 6, 'lab'],
        ['2027-03-30', 4, 'lab'],
      ]),
    ],
    rows: [
      ['sdp-first-followup', '1', '2027-01-04', '2027-02-28', '2027-02-26', '2027-02-24', 'met', 'Sun → Fri'],
      ['sdp-followup', '1', '2027-02-24', '2027-03-24', '=', '2027-03-24', 'met', ''],
      ['sdp-followup', '2', '2027-03-24', '2027-04-21', '=', '—', 'open', ''],
      ['aht-weekly-contact', '1', '2027-02-24', '2027-03-03', '=', '2027-03-03', 'met', 'v1'],
      ['aht-weekly-contact', '2', '2027-03-03', '2027-03-10', '=', '2027-03-15', 'met-late', 'v1'],
      ['aht-weekly-contact', '3', '2027-03-15', '2027-03-22', '=', '2027-03-22', 'met', ''],
      ['aht-weekly-contact', '4', '2027-03-22', '2027-03-29', '2027-03-24', '2027-03-24', 'met', 'påske → Wed'],
      ['aht-weekly-contact', '5', '2027-03-24', '2027-03-31', '=', '—', 'open', ''],
      ['aht-activity-10h', '1', '2027-03-10', '2027-03-16', '=', '2027-03-11', 'met', 'uge 1, 10 t; v1'],
      ['aht-activity-10h', '2', '2027-03-17', '2027-03-23', '=', '2027-03-23', 'missed', 'uge 2, 8 t'],
      ['aht-activity-10h', '3', '2027-03-24', '2027-03-30', '=', '2027-03-30', 'met', 'uge 3, 10 t'],
      ['aht-activity-10h', '4', '2027-03-31', '2027-04-06', '=', '—', 'open', 'uge 4, 0 t'],
    ],
    explanations: [
      [
        'aht-weekly-contact',
        4,
        '7 dage efter kontaktsamtale 2027-03-22 = 2027-03-29; 2027-03-29 er 2. påskedag → forfalder onsdag 2027-03-24',
      ],
    ],
    enrolments: [
      {
        program: PROGRAM,
        arm: 'participant',
        assignedOn: '2027-02-24',
        lastDayOn: '2027-06-23',
        status: 'active',
        endedOn: null,
        outcome: null,
        exemptionReason: null,
      },
    ],
    warnings: [
      { eventIndex: 4, type: 'TRIAL_EXEMPTED', reasonContains: 'REASON_NOT_EFFECTIVE' },
      { eventIndex: 5, type: 'CONTACT_HELD', reasonContains: 'FORM_NOT_ACCEPTED' },
    ],
  },
  {
    id: 'S4',
    title: 'Fritagelse (participant)',
    caseType: 'sygedagpenge',
    asOf: '2027-10-01',
    events: S4_EVENTS('participant'),
    rows: [
      ...S4_SDP_ROWS,
      ['aht-weekly-contact', '1', '2027-07-27', '2027-08-03', '=', '2027-08-03', 'met', ''],
      ['aht-weekly-contact', '2', '2027-08-03', '2027-08-10', '=', '2027-08-09', 'met', ''],
      ['aht-weekly-contact', '3', '2027-08-09', '2027-08-16', '=', '2027-08-13', 'cancelled', ''],
      ['aht-activity-10h', '1', '2027-08-10', '2027-08-16', '=', '2027-08-13', 'cancelled', 'uge 1, 7 t'],
    ],
    explanations: [],
    enrolments: [
      {
        program: PROGRAM,
        arm: 'participant',
        assignedOn: '2027-07-27',
        lastDayOn: '2027-11-26',
        status: 'exempted',
        endedOn: '2027-08-13',
        outcome: 'exempted',
        exemptionReason: 'health-treatment',
      },
    ],
    warnings: [],
  },
  {
    id: 'S4b',
    title: 'Fritagelse (control arm)',
    caseType: 'sygedagpenge',
    asOf: '2027-10-01',
    events: S4_EVENTS('control'),
    rows: S4_SDP_ROWS,
    explanations: [],
    enrolments: [
      {
        program: PROGRAM,
        arm: 'control',
        assignedOn: '2027-07-27',
        lastDayOn: '2027-11-26',
        status: 'exempted',
        endedOn: '2027-08-13',
        outcome: 'exempted',
        exemptionReason: 'health-treatment',
      },
    ],
    warnings: [],
  },
  {
    id: 'S5',
    title: 'Delvis raskmelding, individual cadence, period end',
    caseType: 'sygedagpenge',
    asOf: '2027-10-20',
    events: [
      ev('2027-04-26', 'SICK_LEAVE_STARTED'),
      ev('2027-06-15', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 8 }),
      ev('2027-06-15', 'TRIAL_ASSIGNED', { arm: 'participant' }),
      ev('2027-06-22', 'CONTACT_HELD'),
      ev('2027-06-29', 'CONTACT_HELD', { heldBy: 'offer-provider' }),
      ev('2027-07-05', 'PARTIAL_RETURN_STARTED', { hoursPerWeek: 15 }),
      ev('2027-07-05', 'TRIAL_CONTACT_CADENCE_SET', { intervalDays: 28, reason: 'partial-return' }),
      ev('2027-07-06', 'CONTACT_HELD', { form: 'phone' }),
      ev('2027-08-03', 'SICKNESS_FOLLOWUP_HELD'),
      ev('2027-08-31', 'CONTACT_HELD'),
      ev('2027-09-27', 'PARTIAL_RETURN_ENDED'),
      ev('2027-09-28', 'SICKNESS_FOLLOWUP_HELD'),
      ev('2027-10-05', 'CONTACT_HELD', { heldBy: 'offer-provider' }),
      ...hours([
        ['2027-06-29', 5],
        ['2027-07-01', 5],
        ['2027-09-28', 6, 'lab'],
        ['2027-09-30', 5, 'lab'],
        ['2027-10-06', 4, 'lab'],
      ]),
    ],
    rows: [
      ['sdp-first-followup', '1', '2027-04-26', '2027-06-20', '2027-06-18', '2027-06-15', 'met', 'Sun → Fri'],
      ['sdp-followup', '1', '2027-06-15', '2027-08-10', '=', '2027-08-03', 'met', '8 uger'],
      ['sdp-followup', '2', '2027-08-03', '2027-09-28', '=', '2027-09-28', 'met', ''],
      ['sdp-followup', '3', '2027-09-28', '2027-11-23', '=', '—', 'open', ''],
      ['aht-weekly-contact', '1', '2027-06-15', '2027-06-22', '=', '2027-06-22', 'met', ''],
      ['aht-weekly-contact', '2', '2027-06-22', '2027-06-29', '=', '2027-06-29', 'met', ''],
      ['aht-weekly-contact', '3', '2027-06-29', '2027-07-06', '=', '2027-07-06', 'met', ''],
      ['aht-weekly-contact', '4', '2027-07-06', '2027-08-03', '=', '2027-08-03', 'met', 'interval 28'],
      ['aht-weekly-contact', '5', '2027-08-03', '2027-08-31', '=', '2027-08-31', 'met', 'interval 28'],
      ['aht-weekly-contact', '6', '2027-08-31', '2027-09-28', '=', '2027-09-28', 'met', 'interval 28'],
      ['aht-weekly-contact', '7', '2027-09-28', '2027-10-05', '=', '2027-10-05', 'met', ''],
      ['aht-weekly-contact', '8', '2027-10-05', '2027-10-12', '=', '2027-10-15', 'cancelled', ''],
      ['aht-activity-10h', '1', '2027-06-29', '2027-07-05', '=', '2027-07-01', 'met', 'uge 1, 10 t'],
      ['aht-activity-10h', '2', '2027-09-28', '2027-10-04', '=', '2027-09-30', 'met', 'uge 14, 11 t'],
      ['aht-activity-10h', '3', '2027-10-05', '2027-10-11', '=', '2027-10-11', 'missed', 'uge 15, 4 t'],
    ],
    explanations: [],
    enrolments: [
      {
        program: PROGRAM,
        arm: 'participant',
        assignedOn: '2027-06-15',
        lastDayOn: '2027-10-14',
        status: 'completed',
        endedOn: '2027-10-15',
        outcome: 'period-ended',
        exemptionReason: null,
      },
    ],
    warnings: [],
  },
  {
    id: 'S6',
    title: 'Fleksjobvisiteret in the trial (fleksjob-2024 + overlay)',
    caseType: 'fleksjob',
    birthDate: '1984-09-03',
    asOf: '2027-05-17',
    events: [
      ev('2027-04-05', 'VISITATION_DECIDED'),
      ev('2027-04-16', 'CONTACT_HELD'),
      ev('2027-04-22', 'TRIAL_ASSIGNED', { arm: 'participant' }),
      ev('2027-04-29', 'CONTACT_HELD', { heldBy: 'offer-provider' }),
      ev('2027-05-05', 'CONTACT_HELD', { form: 'phone' }),
      ev('2027-05-12', 'CONTACT_HELD', { heldBy: 'offer-provider' }),
      ...hours([
        ['2027-05-07', 5, 'lab'],
        ['2027-05-10', 5, 'lab'],
        ['2027-05-13', 4, 'lab'],
      ]),
    ],
    rows: [
      ['contact-14d', '1', '2027-04-05', '2027-04-19', '=', '2027-04-16', 'met', ''],
      ['contact-14d', '2', '2027-04-16', '2027-04-30', '=', '2027-04-29', 'met', ''],
      ['contact-14d', '3', '2027-04-29', '2027-05-13', '=', '2027-05-05', 'met', ''],
      ['contact-14d', '4', '2027-05-05', '2027-05-19', '=', '2027-05-12', 'met', ''],
      ['contact-14d', '5', '2027-05-12', '2027-05-26', '=', '—', 'open', ''],
      ['passivity-screening', '1', '2027-04-05', '2027-08-05', '=', '—', 'open', ''],
      ['passivity-rereview', '1', '2027-04-05', '2027-10-05', '=', '—', 'open', ''],
      ['other-actor-12m', '1', '2027-04-05', '2028-04-05', '=', '—', 'open', ''],
      ['aht-weekly-contact', '1', '2027-04-22', '2027-04-29', '=', '2027-04-29', 'met', ''],
      [
        'aht-weekly-contact',
        '2',
        '2027-04-29',
        '2027-05-06',
        '2027-05-05',
        '2027-05-05',
        'met',
        'Kr. himmelfart → Wed',
      ],
      ['aht-weekly-contact', '3', '2027-05-05', '2027-05-12', '=', '2027-05-12', 'met', ''],
      ['aht-weekly-contact', '4', '2027-05-12', '2027-05-19', '=', '—', 'open', ''],
      ['aht-activity-10h', '1', '2027-05-06', '2027-05-12', '=', '2027-05-10', 'met', 'uge 1, 10 t'],
      ['aht-activity-10h', '2', '2027-05-13', '2027-05-19', '=', '—', 'open', 'uge 2, 4 t'],
    ],
    explanations: [],
    enrolments: [
      {
        program: PROGRAM,
        arm: 'participant',
        assignedOn: '2027-04-22',
        lastDayOn: '2027-08-21',
        status: 'active',
        endedOn: null,
        outcome: null,
        exemptionReason: null,
      },
    ],
    warnings: [],
  },
];
