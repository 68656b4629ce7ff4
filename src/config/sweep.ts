// How often the sweeper deletes orphaned objects, and how long it leaves them first.
import { readInt, type Env } from './env-readers.ts';
import { WEEK_SECONDS } from './units.ts';
import { readTicketLifetimes } from './uploads.ts';

export interface SweepSettings {
  intervalSeconds: number;
  graceSeconds: number;
  ticketLifetimeSeconds: number;
}

export function readSweepSettings(env: Env): SweepSettings {
  return {
    intervalSeconds: readInt(env, 'SWEEP_INTERVAL_SECONDS', 300, 0, WEEK_SECONDS),
    graceSeconds: readInt(env, 'SWEEP_GRACE_SECONDS', 600, 0, WEEK_SECONDS),
    // Staged objects are swept by age once no ticket of either kind can still write them.
    ticketLifetimeSeconds: Math.max(...Object.values(readTicketLifetimes(env))),
  };
}
