import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date YYYY-MM-DD (2027-02-30 is rejected). */
export const isoDateSchema = z
  .string()
  .regex(ISO_DATE, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a calendar date');

export const teamSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a team slug: lowercase letters, digits and -');

/** Day 01-31, month 01-12, then 2 digits, optional dash, 4 digits: the shape of a Danish CPR number. */
const CPR_LIKE = /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-?\d{4}(?!\d)/;
export const looksLikeCpr = (s: string): boolean => CPR_LIKE.test(s);
