/**
 * The trust score of one relationship (SPEC §6): a pure function of the relationship's aggregate
 * columns, a windowed interaction count and the clock. Every factor reports its value, weight,
 * contribution and evidence, and the contributions add up to the score exactly.
 */

export const TRUST_WEIGHTS = Object.freeze({
  recency: 0.3,
  frequency: 0.2,
  reciprocity: 0.15,
  duration: 0.1,
  sharedContext: 0.1,
  introTrackRecord: 0.15,
});

/** Without a two-way interaction (and without a human rating) the score stays at or below this. */
export const NO_TWO_WAY_CAP = 0.3;

/** Recency halves with every this many days since the last two-way interaction. */
export const RECENCY_HALF_LIFE_DAYS = 90;
/** Interactions in the last 12 months that count as full frequency (about one a month). */
export const FULL_FREQUENCY = 12;
/** Years known that count as full duration. */
export const FULL_DURATION_YEARS = 5;
/** Shared context items (same company, shared tag, ...) that count as full shared context. */
export const FULL_SHARED_CONTEXT = 2;

export const FREQUENCY_WINDOW_MS = 365 * 86_400_000;

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
/** Contributions are rounded to this many units of 1 before they are summed. */
const UNITS = 10_000;

export type TrustTier = 'strong' | 'familiar' | 'weak' | 'unknown';

export interface TrustFactor {
  name: string;
  value: number;
  weight: number;
  contribution: number;
  evidence: string;
}

export interface Trust {
  score: number;
  tier: TrustTier;
  factors: TrustFactor[];
}

/** What the score is computed from: a relationship's aggregate columns and a little context. */
export interface TrustInputs {
  connectedOn: number | null;
  rating: number | null;
  interactionCount: number;
  twoWayCount: number;
  inboundCount: number;
  outboundCount: number;
  firstInteractionAt: number | null;
  lastInteractionAt: number | null;
  lastTwoWayAt: number | null;
  /** Interactions dated within FREQUENCY_WINDOW_MS before now. */
  interactionsLast12Months: number;
  introsMade: number;
  introsDeclined: number;
  /** Plain-word items the member (or the request) shares with the contact: "company Acme". */
  sharedContext: readonly string[];
}

export const NO_RELATIONSHIP: Omit<TrustInputs, 'sharedContext'> = Object.freeze({
  connectedOn: null,
  rating: null,
  interactionCount: 0,
  twoWayCount: 0,
  inboundCount: 0,
  outboundCount: 0,
  firstInteractionAt: null,
  lastInteractionAt: null,
  lastTwoWayAt: null,
  interactionsLast12Months: 0,
  introsMade: 0,
  introsDeclined: 0,
});

export function tierOf(score: number): TrustTier {
  if (score >= 0.75) return 'strong';
  if (score >= 0.5) return 'familiar';
  if (score >= 0.25) return 'weak';
  return 'unknown';
}

export function roundScore(value: number): number {
  return Math.round(value * UNITS) / UNITS;
}

/**
 * One factor: its value alone (all that ranking needs) and its evidence in words (only for the
 * results a caller returns), so that ranking hundreds of candidates builds no strings.
 */
interface Factor {
  name: string;
  weight: number;
  value(inputs: TrustInputs, now: number): number;
  evidence(inputs: TrustInputs, now: number): string;
}

const FACTORS: readonly Factor[] = [
  {
    name: 'recency',
    weight: TRUST_WEIGHTS.recency,
    value: (inputs, now) =>
      inputs.lastTwoWayAt === null
        ? 0
        : 0.5 ** (daysSince(inputs.lastTwoWayAt, now) / RECENCY_HALF_LIFE_DAYS),
    evidence: (inputs, now) =>
      inputs.lastTwoWayAt === null
        ? 'No two-way interaction recorded.'
        : `Last two-way interaction ${daysAgo(daysSince(inputs.lastTwoWayAt, now))} ` +
          `(${isoDate(inputs.lastTwoWayAt)}); the value halves every ${RECENCY_HALF_LIFE_DAYS} days.`,
  },
  {
    name: 'frequency',
    weight: TRUST_WEIGHTS.frequency,
    value: (inputs) => Math.min(1, inputs.interactionsLast12Months / FULL_FREQUENCY),
    evidence: (inputs) =>
      `${times(inputs.interactionsLast12Months, 'interaction')} in the last 12 months ` +
      `(${FULL_FREQUENCY} or more count fully).`,
  },
  {
    name: 'reciprocity',
    weight: TRUST_WEIGHTS.reciprocity,
    value: (inputs) => {
      const total = inputs.interactionCount;
      if (total === 0) return 0;
      // Mutual touchpoints are balanced by nature; one-way ones count only as far as they are
      // returned.
      const balanced = mutualOf(inputs) + 2 * Math.min(inputs.inboundCount, inputs.outboundCount);
      return Math.min(1, balanced / total);
    },
    evidence: (inputs) =>
      inputs.interactionCount === 0
        ? 'No interactions recorded.'
        : `${inputs.outboundCount} outbound, ${inputs.inboundCount} inbound and ` +
          `${mutualOf(inputs)} mutual of ${times(inputs.interactionCount, 'interaction')}.`,
  },
  {
    name: 'duration',
    weight: TRUST_WEIGHTS.duration,
    value: (inputs, now) => {
      const since = knownSince(inputs);
      return since === null ? 0 : Math.min(1, yearsSince(since, now) / FULL_DURATION_YEARS);
    },
    evidence: (inputs, now) => {
      const since = knownSince(inputs);
      return since === null
        ? 'No connection date or first interaction recorded.'
        : `Known since ${isoDate(since)} (${yearsSince(since, now).toFixed(1)} years; ` +
            `${FULL_DURATION_YEARS} or more count fully).`;
    },
  },
  {
    name: 'shared context',
    weight: TRUST_WEIGHTS.sharedContext,
    value: (inputs) => Math.min(1, inputs.sharedContext.length / FULL_SHARED_CONTEXT),
    evidence: (inputs) =>
      inputs.sharedContext.length === 0
        ? 'Nothing shared found (company, tags, location, or what the request names).'
        : `Shared: ${inputs.sharedContext.slice(0, 5).join(', ')}.`,
  },
  {
    name: 'intro track record',
    weight: TRUST_WEIGHTS.introTrackRecord,
    // Laplace's rule: no history is a neutral 0.5, and each outcome moves it a little.
    value: ({ introsMade: made, introsDeclined: declined }) => (made + 1) / (made + declined + 2),
    evidence: ({ introsMade: made, introsDeclined: declined }) =>
      made + declined === 0
        ? 'No intros through this relationship yet (neutral 0.5).'
        : `${times(made, 'intro')} made and ${declined} declined through this relationship.`,
  },
];

/** The level an override or a cap sets the score to, or undefined when neither applies. */
function adjustedLevel(inputs: TrustInputs, computedUnits: number): number | undefined {
  if (inputs.rating !== null) return inputs.rating / 5;
  if (inputs.twoWayCount === 0 && computedUnits > NO_TWO_WAY_CAP * UNITS) return NO_TWO_WAY_CAP;
  return undefined;
}

/** The score of one relationship at `now`. Pure: the same inputs and clock give the same result. */
export function computeTrust(inputs: TrustInputs, now: number): Trust {
  // Integer units make "the contributions add up to the score" exact, not merely close.
  const factors: TrustFactor[] = FACTORS.map((factor) => {
    const value = factor.value(inputs, now);
    return {
      name: factor.name,
      value: roundScore(value),
      weight: factor.weight,
      contribution: Math.round(value * factor.weight * UNITS) / UNITS,
      evidence: factor.evidence(inputs, now),
    };
  });
  const computed = unitsOf(inputs, now);
  let total = computed;
  const level = adjustedLevel(inputs, computed);
  if (level !== undefined) {
    const target = Math.round(level * UNITS);
    factors.push({
      name: inputs.rating !== null ? 'override: human rating' : 'cap: no two-way interaction',
      value: level,
      weight: 1,
      contribution: (target - total) / UNITS,
      evidence:
        inputs.rating !== null
          ? `You rated this relationship ${inputs.rating}/5, which sets the score to ` +
            `${inputs.rating / 5} whatever the computed factors say.`
          : `No meeting, call, inbound or mutual interaction is recorded, so the score is capped ` +
            `at ${NO_TWO_WAY_CAP}.`,
    });
    total = target;
  }
  const score = total / UNITS;
  return { score, tier: tierOf(score), factors };
}

/** computeTrust(inputs, now).score, without the factors and their evidence: for ranking. */
export function trustScore(inputs: TrustInputs, now: number): number {
  const computed = unitsOf(inputs, now);
  const level = adjustedLevel(inputs, computed);
  return (level === undefined ? computed : Math.round(level * UNITS)) / UNITS;
}

/** The sum of the factors' contributions in integer units, before any override or cap. */
function unitsOf(inputs: TrustInputs, now: number): number {
  let units = 0;
  for (const factor of FACTORS) {
    units += Math.round(factor.value(inputs, now) * factor.weight * UNITS);
  }
  return units;
}

function daysSince(at: number, now: number): number {
  return Math.max(0, Math.floor((now - at) / DAY_MS));
}

function yearsSince(at: number, now: number): number {
  return Math.max(0, (now - at) / YEAR_MS);
}

function knownSince(inputs: TrustInputs): number | null {
  const { connectedOn: connected, firstInteractionAt: first } = inputs;
  if (connected === null) return first;
  return first === null ? connected : Math.min(connected, first);
}

function mutualOf(inputs: TrustInputs): number {
  return Math.max(0, inputs.interactionCount - inputs.inboundCount - inputs.outboundCount);
}

function daysAgo(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

function times(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
