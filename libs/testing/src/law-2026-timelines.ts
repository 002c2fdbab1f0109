import type { CaseEvent } from '@frist/obligations';

/**
 * The law-2026 FJ-4 timeline: a fleksjob case running since spring 2026, recorded before MIG-2026. Its last talk
 * (2026-09-28) starts a contact deadline that is policy after the migration (contact-14d #5).
 */
export const FJ_4_SPRING_2026: readonly CaseEvent[] = [
  { type: 'VISITATION_DECIDED', date: '2026-04-13' },
  { type: 'CONTACT_HELD', date: '2026-04-20', form: 'in-person' },
  { type: 'CONTACT_HELD', date: '2026-05-18', form: 'in-person' },
  { type: 'CONTACT_HELD', date: '2026-08-10', form: 'phone' },
  { type: 'PASSIVITY_SCREENING_DONE', date: '2026-08-11' },
  { type: 'CONTACT_HELD', date: '2026-09-28', form: 'video' },
] as CaseEvent[];
