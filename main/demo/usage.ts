import type { CanonicalRow } from '../store/batches';
import { otherUsers, salesReps, supportAgents, trend, worksIn, type Person } from './company';
import { isoDay, isWeekend } from './days';
import type { Random } from './random';
import type { Timeline } from './timeline';

/**
 * CRM usage: one row per user and day with a login. Adoption grows over the story (people log in
 * on more of their working days) and the team grows into its licensed seats.
 */

interface User {
  readonly person: Person;
  readonly adoption: readonly [number, number];
  readonly records: number;
}

const users: readonly User[] = [
  ...salesReps.map((person): User => ({ person, adoption: [0.6, 0.95], records: 6 })),
  ...supportAgents.map((person): User => ({ person, adoption: [0.5, 0.9], records: 3 })),
  ...otherUsers.map((person): User => ({ person, adoption: [0.35, 0.7], records: 1 })),
];

export function crmUsageRows(rng: Random, tl: Timeline): CanonicalRow[] {
  const rows: CanonicalRow[] = [];
  tl.quarters.forEach((q, quarter) => {
    const present = users.filter((u) => worksIn(u.person, quarter));
    for (let day = q.start; day <= q.end; day++) {
      const weekend = isWeekend(day);
      for (const u of present) {
        const p = weekend ? 0.03 : trend(u.adoption[0], u.adoption[1], quarter);
        if (!rng.chance(p)) continue;
        const logins = 1 + rng.poisson(1.3);
        rows.push({
          user: u.person.name,
          day: isoDay(day),
          logins,
          minutes: Math.round(rng.logNormal(30, 0.6) * logins),
          records_created: rng.poisson(u.records),
        });
      }
    }
  });
  return rows;
}
