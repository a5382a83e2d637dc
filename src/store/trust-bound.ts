/**
 * An upper bound of a path's trust score, computed inside SQLite so that ranking reads one number
 * per candidate instead of every relationship column. It follows src/domain/trust.ts factor by
 * factor, except shared context, which it takes at its maximum; test/network/rank-bound.test.ts
 * checks that it never falls below the exact score. It still reads the relationships of every
 * candidate it bounds (8-15 µs each, about an eighth of a search at 100k contacts, where ranking
 * bounds 64 candidates first and then only those that can still reach the page). A bound stored
 * per contact and kept by triggers was built and measured (issue #3): one row must combine every
 * teammate's relationships, so it bounds so loosely that ranking read 74-122 candidates instead of
 * 26-33, and searches were no faster.
 */
import {
  FULL_DURATION_YEARS,
  FULL_FREQUENCY,
  NO_TWO_WAY_CAP,
  RECENCY_HALF_LIFE_DAYS,
  TRUST_WEIGHTS,
} from '../domain/trust.ts';

/**
 * Added to every bound: contributions are rounded to 1e-4 each, and SQLite's pow() may differ from
 * V8's Math.pow in the last bits. Ten times what both can add up to.
 */
export const BOUND_SLACK = 0.001;

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

const KNOWN_SINCE = `CASE
    WHEN r.connected_on IS NULL THEN r.first_interaction_at
    WHEN r.first_interaction_at IS NULL THEN r.connected_on
    ELSE min(r.connected_on, r.first_interaction_at)
  END`;

/**
 * The factors of relationship `r` that do not depend on the clock, at the most they can be:
 * frequency over every interaction, not only the last 12 months' (counting them per hit costs
 * more than reading the few hits a bound lets through), reciprocity, the intro track record, and
 * shared context at its maximum. RELATIONSHIP_BOUND_SQL adds recency and duration at @now; a
 * contact's warmth (src/store/schema.ts) adds them at their maximum, which migration 3's triggers
 * hold: a change here needs a migration that recreates them.
 */
export const CLOCK_FREE_BOUND_SQL = `${TRUST_WEIGHTS.frequency}
        * min(1.0, r.interaction_count / ${FULL_FREQUENCY}.0)
      + ${TRUST_WEIGHTS.reciprocity} * CASE WHEN r.interaction_count = 0 THEN 0
          ELSE min(1.0, (max(0, r.interaction_count - r.inbound_count - r.outbound_count)
            + 2 * min(r.inbound_count, r.outbound_count)) * 1.0 / r.interaction_count)
        END
      + ${TRUST_WEIGHTS.sharedContext}
      + ${TRUST_WEIGHTS.introTrackRecord}
        * (r.intros_made + 1.0) / (r.intros_made + r.intros_declined + 2)`;

/** trust(member -> contact) of relationship `r` or more, at @now; rating and cap as computeTrust. */
export const RELATIONSHIP_BOUND_SQL = `CASE
    WHEN r.rating IS NOT NULL THEN r.rating / 5.0
    WHEN r.two_way_count = 0 THEN ${NO_TWO_WAY_CAP}
    ELSE ${BOUND_SLACK}
      + ${TRUST_WEIGHTS.recency} * CASE WHEN r.last_two_way_at IS NULL THEN 0
          -- Whole days, as daysSince() counts them (@now is bound as a REAL).
          ELSE pow(0.5, max(0, CAST((@now - r.last_two_way_at) / ${DAY_MS} AS INTEGER))
            / ${RECENCY_HALF_LIFE_DAYS}.0)
        END
      + ${TRUST_WEIGHTS.duration} * coalesce(
          min(1.0, max(0, @now - (${KNOWN_SINCE})) / ${YEAR_MS} / ${FULL_DURATION_YEARS}), 0)
      + ${CLOCK_FREE_BOUND_SQL}
  END`;

/**
 * The bound of the best path to the contact with id `f.id`: direct through @owner, or through a
 * teammate whose first-leg trust is in the JSON object @legs (member id -> score). A contact with
 * no direct relationship may still be scored as one without any, which the no-two-way cap holds
 * at NO_TWO_WAY_CAP. One correlated subquery per contact: no join to group again.
 */
export const PATH_BOUND_SQL = `coalesce((
    SELECT max(
      max(CASE WHEN r.member_id = @owner THEN 1.0 ELSE (@legs ->> r.member_id) END
        * (${RELATIONSHIP_BOUND_SQL}) + ${BOUND_SLACK}),
      CASE WHEN sum(r.member_id = @owner) > 0 THEN 0 ELSE ${NO_TWO_WAY_CAP} END)
    FROM relationships r WHERE r.contact_id = f.id
  ), ${NO_TWO_WAY_CAP})`;
