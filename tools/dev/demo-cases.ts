import { addDaysIso } from '@frist/contracts';
import { rng } from '@frist/testing';

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

const EMPLOYERS = ['Byens Bageri ApS', 'Kantine Syd', 'Grønt Område A/S', 'Lageret I/S', 'Plejecenter Solgården'];
const FORMS = ['in-person', 'phone', 'video', 'in-person', 'in-person'];
/** The create call takes at most 50 events; a case's history stays below it. */
const MAX_EVENTS = 48;

/**
 * A municipality's caseload, generated: ~200 fleksjob cases started over the last five years (prepared, visitated,
 * in contact, some in fleksjob with follow-ups, some closed) and ~100 sygedagpenge cases over the last two years
 * (8-week talk, follow-ups, most back at work). Caseworkers keep up with most cases; about one in eight fell behind
 * weeks ago, so there is overdue work. Dates are relative to `today`; ids, references and choices come from a fixed
 * seed, so every run seeds the same cases (and a second run finds them there).
 */
export function municipalityDemoCases(today: string, fleksjob = 200, sygedagpenge = 100): DemoCase[] {
  const rnd = rng(20_261_207); // the benchmarks' deterministic PRNG: the same municipality on every run
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const d = (daysAgo: number) => addDaysIso(today, -daysAgo);
  const out: DemoCase[] = [];

  for (let i = 0; i < fleksjob; i++) {
    const team = i % 2 ? 'fleks-syd' : 'fleks-nord';
    const start = int(20, 5 * 365); // days ago the preparatory part started
    const behind = rnd() < 0.12; // this case's caseworker fell behind: nothing registered for weeks
    const stopAt = behind ? int(30, 70) : 0; // no event in the last `stopAt` days
    const events: { type: string; daysAgo: number; fields?: Record<string, unknown> }[] = [
      { type: 'PREPARATORY_PART_STARTED', daysAgo: start },
    ];
    const visit = start - int(45, 85); // usually within the 10 weeks, sometimes late
    if (visit > stopAt) {
      events.push({
        type: 'REHAB_TEAM_MEETING_HELD',
        daysAgo: visit + int(5, 20),
        fields: { recommendation: 'flexjob' },
      });
      events.push({ type: 'VISITATION_DECIDED', daysAgo: visit });
      const job = rnd() < 0.55 ? visit - int(40, 400) : -1; // days ago the fleksjob started, if it did
      const closed = start > 3 * 365 && rnd() < 0.5 ? int(Math.max(stopAt + 1, 30), start - 500) : -1;
      const lyEnd = Math.max(job, closed, stopAt);
      // Contacts every 14 days while on ledighedsydelse (some late), the last ones kept when the history is long.
      const contacts: number[] = [];
      for (let c = visit - int(7, 14); c > lyEnd; c -= rnd() < 0.15 ? int(15, 30) : int(9, 14)) contacts.push(c);
      for (const c of contacts.slice(-(MAX_EVENTS - 22)))
        events.push({ type: 'CONTACT_HELD', daysAgo: c, fields: { form: pick(FORMS) } });
      // While on ledighedsydelse without a job: the passivity screening, the re-review and the other actor, on time.
      const screening = visit - int(100, 118);
      if (screening > lyEnd) events.push({ type: 'PASSIVITY_SCREENING_DONE', daysAgo: screening });
      const review = visit - int(160, 178);
      if (review > lyEnd) events.push({ type: 'REHAB_REREVIEW_HELD', daysAgo: review });
      if (visit - 340 > lyEnd) events.push({ type: 'OTHER_ACTOR_REFERRED', daysAgo: visit - int(320, 340) });
      if (job > stopAt && job > closed) {
        const hours = pick([6, 8, 10, 12, 15]);
        events.push({
          type: 'FLEXJOB_STARTED',
          daysAgo: job,
          fields: { hoursPerWeek: hours, employer: pick(EMPLOYERS) },
        });
        events.push({ type: 'FLEXJOB_AGREEMENT_RECORDED', daysAgo: job - int(0, 20) });
        events.push({ type: 'CAPACITY_DECISION_ISSUED', daysAgo: job - int(0, 25) });
        // Four follow-ups in the first half year, the later ones sometimes a little late.
        for (let k = 1; k <= 4; k++) {
          const f = job - k * int(40, 50);
          if (f > Math.max(stopAt, closed)) events.push({ type: 'FLEXJOB_FOLLOWUP_HELD', daysAgo: f });
        }
        if (job - 900 > Math.max(stopAt, closed))
          events.push({ type: 'STATUTORY_FOLLOWUP_HELD', daysAgo: job - int(880, 912) });
      }
      if (closed > 0 && closed > stopAt)
        events.push({
          type: 'CASE_CLOSED',
          daysAgo: closed,
          fields: { reason: pick(['Ordinært job', 'Fraflyttet kommunen', 'Førtidspension']) },
        });
    }
    out.push(
      toDemoCase(
        `fj-${i}`,
        'fleksjob',
        team,
        `FJ-${d(start).slice(0, 4)}-${String(i + 1).padStart(3, '0')}`,
        events,
        d,
        {
          birthDate: `${int(1962, 1998)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
          index: i,
        },
      ),
    );
  }

  for (let i = 0; i < sygedagpenge; i++) {
    const sick = int(15, 2 * 365);
    const behind = rnd() < 0.12;
    const stopAt = behind ? int(25, 60) : 0;
    const back = sick > 120 && rnd() < 0.75 ? int(Math.max(stopAt, 5), sick - 60) : -1; // days ago back at work
    const cadence = pick([4, 8]);
    const last = Math.max(stopAt, back);
    const events: { type: string; daysAgo: number; fields?: Record<string, unknown> }[] = [
      { type: 'SICK_LEAVE_STARTED', daysAgo: sick },
    ];
    const talk = sick - int(49, 60);
    if (talk > last) {
      events.push({
        type: 'FIRST_FOLLOWUP_HELD',
        daysAgo: talk,
        fields: { heldBy: 'jobcenter', form: pick(FORMS), cadenceWeeks: cadence },
      });
      for (
        let f = talk - cadence * 7 - int(-3, 4);
        f > last && events.length < MAX_EVENTS - 2;
        f -= cadence * 7 + int(-3, 5)
      )
        events.push({ type: 'SICKNESS_FOLLOWUP_HELD', daysAgo: f, fields: { heldBy: 'jobcenter', form: pick(FORMS) } });
    }
    if (back > 0 && back >= stopAt) events.push({ type: 'RETURNED_TO_WORK', daysAgo: back });
    out.push(
      toDemoCase(
        `sdp-${i}`,
        'sygedagpenge',
        TRIAL_DEMO_TEAM,
        `SD-${d(sick).slice(0, 4)}-${String(i + 1).padStart(3, '0')}`,
        events,
        d,
        { index: 200 + i },
      ),
    );
  }
  return out;
}

function toDemoCase(
  key: string,
  caseType: 'fleksjob' | 'sygedagpenge',
  team: string,
  citizenRef: string,
  events: { type: string; daysAgo: number; fields?: Record<string, unknown> }[],
  d: (daysAgo: number) => string,
  opts: { birthDate?: string; index: number },
): DemoCase {
  // Offsets drawn after a recent start can land after today; such an event has not happened yet (the API refuses it).
  const sorted = events.filter((e) => e.daysAgo >= 0).sort((a, b) => b.daysAgo - a.daysAgo);
  return {
    // A fixed key per generated case: a second run gets the same case back instead of a new one.
    idempotencyKey: `demo-gen-${opts.index}`,
    citizenRef,
    team,
    caseType,
    ...(opts.birthDate ? { birthDate: opts.birthDate } : {}),
    events: sorted.map((e, n) => ({ eventId: `${key}-${n}`, type: e.type, date: d(e.daysAgo), ...e.fields })),
  };
}
