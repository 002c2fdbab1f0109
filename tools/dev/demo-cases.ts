import { addDaysIso } from '@frist/contracts';

interface DemoEvent {
  eventId: string;
  type: string;
  date: string;
  [field: string]: unknown;
}
export interface DemoCase {
  /** Makes re-seeding idempotent: the API derives the case id from the team and this key. */
  idempotencyKey: string;
  citizenRef: string;
  team: string;
  /** Default fleksjob. */
  caseType?: 'fleksjob' | 'sygedagpenge';
  /** fleksjob only (a sygedagpenge case stores no birth date). */
  birthDate?: string;
  events: DemoEvent[];
}

/** A handful of cases at different stages, dated relative to `today` so the demo never rots. */
export function demoCases(today: string): DemoCase[] {
  const d = (days: number) => addDaysIso(today, -days);
  const ev = (type: string, daysAgo: number, fields: Record<string, unknown> = {}) => ({
    eventId: `${type.toLowerCase()}-${d(daysAgo)}`,
    type,
    date: d(daysAgo),
    ...fields,
  });
  return [
    {
      idempotencyKey: 'demo-1',
      citizenRef: 'demo-anna',
      team: 'fleks-nord',
      birthDate: '1979-09-14',
      events: [ev('PREPARATORY_PART_STARTED', 77)],
    },
    {
      idempotencyKey: 'demo-2',
      citizenRef: 'demo-bo',
      team: 'fleks-nord',
      birthDate: '1985-02-01',
      events: [ev('PREPARATORY_PART_STARTED', 30)],
    },
    {
      idempotencyKey: 'demo-3',
      citizenRef: 'demo-carla',
      team: 'fleks-nord',
      birthDate: '1970-06-20',
      events: [
        ev('PREPARATORY_PART_STARTED', 120),
        ev('REHAB_TEAM_MEETING_HELD', 60, { recommendation: 'flexjob' }),
        ev('VISITATION_DECIDED', 45),
        ev('CONTACT_HELD', 20, { form: 'phone' }),
      ],
    },
    {
      idempotencyKey: 'demo-4',
      citizenRef: 'demo-dennis',
      team: 'fleks-syd',
      birthDate: '1990-11-11',
      events: [
        ev('VISITATION_DECIDED', 200),
        ev('CONTACT_HELD', 185, { form: 'in-person' }),
        ev('FLEXJOB_STARTED', 100, { hoursPerWeek: 8, employer: 'Byens Bageri ApS' }),
        ev('FLEXJOB_AGREEMENT_RECORDED', 100),
      ],
    },
    ...trialDemoCases(),
  ];
}

/** The team of the trial demo: log in as a manager of it to see the Forsøg page. */
export const TRIAL_DEMO_TEAM = 'syge-nord';

/** The demo's team registry: ids as tokens carry them, Danish display names. */
export const DEMO_TEAMS = [
  { id: 'fleks-nord', name: 'Fleksjob Nord' },
  { id: 'fleks-syd', name: 'Fleksjob Syd' },
  { id: TRIAL_DEMO_TEAM, name: 'Sygedagpenge Nord' },
];

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Twelve sygedagpenge cases of the historical 2009 trial "Aktive hurtigere tilbage" (aht-2009), six per arm,
 * randomised at the 8-week talk and back at work in 2009, so nothing in them rots. As in the 2009 evaluation, far
 * more participants than controls are exempted (3 of 6 against 1 of 6), one before and two after the
 * midtvejsjustering (2009-03-12); participants hold weekly contacts (some late) and most reach 10 hours a week.
 */
export function trialDemoCases(): DemoCase[] {
  const program = 'aht-2009';
  const talk = { heldBy: 'jobcenter', form: 'in-person' };
  /** Exemptions by case number: days after randomisation and reason code (valid on that date). */
  const exemptions: Record<number, [number, string]> = {
    0: [9, 'treatment-obstacle'],
    4: [10, 'return-imminent'],
    8: [20, 'health-treatment'],
    5: [12, 'pregnancy-related'],
  };
  return Array.from({ length: 12 }, (_, i) => {
    const participant = i % 2 === 0;
    const sick = addDays('2009-01-05', 7 * i);
    const t = addDays(sick, 49); // the 8-week talk, also the randomisation
    const cadence = i % 3 === 0 ? 8 : 4;
    const back = addDays(t, i % 4 === 2 ? 130 : 70); // two stay past the 4-month period (completed)
    const exemption = exemptions[i];
    const end = exemption ? addDays(t, exemption[0]) : back;
    const events: { type: string; date: string; [field: string]: unknown }[] = [
      { type: 'SICK_LEAVE_STARTED', date: sick },
      { type: 'FIRST_FOLLOWUP_HELD', date: t, ...talk, cadenceWeeks: cadence },
      { type: 'TRIAL_ASSIGNED', date: t, program, arm: participant ? 'participant' : 'control' },
    ];
    // Statutory follow-ups: on time, except in two control cases (three days late).
    const late = i === 3 || i === 7 ? 3 : -2;
    for (let f = addDays(t, cadence * 7 + late); f < back; f = addDays(f, cadence * 7 + late))
      events.push({ type: 'SICKNESS_FOLLOWUP_HELD', date: f, ...talk });
    if (participant) {
      // Weekly contacts, every third one two days late, held by the offer provider every other week.
      for (let k = 1, c = t; ; k++) {
        c = addDays(c, k % 3 === 0 ? 9 : 7);
        if (c >= end || c >= addDays(t, 119)) break;
        events.push({ type: 'CONTACT_HELD', date: c, ...talk, heldBy: k % 2 ? 'jobcenter' : 'offer-provider' });
      }
      // Active offer hours per 7-day window from T + 14: 10 in most weeks, 6 in every fourth.
      for (let w = 0; ; w++) {
        const start = addDays(t, 14 + 7 * w);
        if (start >= end || w >= 15) break;
        events.push({
          type: 'ACTIVE_OFFER_HOURS_REGISTERED',
          date: addDays(start, 1 + (w % 3)),
          hours: w % 4 === 3 ? 6 : 10,
          offerType: w % 2 ? 'preventive' : 'lab',
        });
      }
    } else if (i % 4 === 1) {
      events.push({ type: 'ACTIVE_OFFER_HOURS_REGISTERED', date: addDays(t, 20), hours: 5, offerType: 'preventive' });
    }
    if (exemption) events.push({ type: 'TRIAL_EXEMPTED', date: end, program, reason: exemption[1] });
    events.push({ type: 'RETURNED_TO_WORK', date: back });
    events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return {
      idempotencyKey: `demo-trial-${i}`,
      citizenRef: `demo-aht-${participant ? 'deltager' : 'kontrol'}-${i + 1}`,
      team: TRIAL_DEMO_TEAM,
      caseType: 'sygedagpenge' as const,
      events: events.map((e, n) => ({ eventId: `aht-${n}`, ...e })),
    };
  });
}
