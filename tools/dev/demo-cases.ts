import { addDaysIso } from '@frist/contracts';

interface DemoEvent {
  eventId: string;
  type: string;
  date: string;
  [field: string]: unknown;
}
export interface DemoCase {
  caseId: string;
  citizenRef: string;
  team: string;
  birthDate: string;
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
      caseId: '00000000-0000-4000-8000-000000000001',
      citizenRef: 'demo-anna',
      team: 'fleks-nord',
      birthDate: '1979-09-14',
      events: [ev('PREPARATORY_PART_STARTED', 77)],
    },
    {
      caseId: '00000000-0000-4000-8000-000000000002',
      citizenRef: 'demo-bo',
      team: 'fleks-nord',
      birthDate: '1985-02-01',
      events: [ev('PREPARATORY_PART_STARTED', 30)],
    },
    {
      caseId: '00000000-0000-4000-8000-000000000003',
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
      caseId: '00000000-0000-4000-8000-000000000004',
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
  ];
}
