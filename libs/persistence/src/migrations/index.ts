import { Initial1795686793936 } from './1795686793936-initial.migration';

/** Committed migrations in order; never edit one after it has been merged. */
export const MIGRATIONS = [Initial1795686793936];
