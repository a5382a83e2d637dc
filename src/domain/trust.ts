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

interface Part {
  name: string;
  value: number;
  weight: number;
  evidence: string;
}

/** The score of one relationship at `now`. Pure: the same inputs and clock give the same result. */
export function computeTrust(inputs: TrustInputs, now: number): Trust {
  const parts: Part[] = [
    recency(inputs, now),
    frequency(inputs),
    reciprocity(inputs),
    duration(inputs, now),
    sharedContext(inputs),
    introTrackRecord(inputs),
  ];
  // Integer units make "the contributions add up to the score" exact, not merely close.
  const units = parts.map((part) => Math.round(part.value * part.weight * UNITS));
  const factors: TrustFactor[] = parts.map((part, index) => ({
    name: part.name,
    value: roundScore(part.value),
    weight: part.weight,
    contribution: units[index]! / UNITS,
    evidence: part.evidence,
  }));
  let total = units.reduce((sum, unit) => sum + unit, 0);

  const adjust = (name: string, level: number, evidence: string) => {
    const target = Math.round(level * UNITS);
    factors.push({
      name,
      value: level,
      weight: 1,
      contribution: (target - total) / UNITS,
      evidence,
    });
    total = target;
  };
  if (inputs.rating !== null) {
    adjust(
      'override: human rating',
      inputs.rating / 5,
      `You rated this relationship ${inputs.rating}/5, which sets the score to ` +
        `${inputs.rating / 5} whatever the computed factors say.`,
    );
  } else if (inputs.twoWayCount === 0 && total > NO_TWO_WAY_CAP * UNITS) {
    adjust(
      'cap: no two-way interaction',
      NO_TWO_WAY_CAP,
      `No meeting, call, inbound or mutual interaction is recorded, so the score is capped at ` +
        `${NO_TWO_WAY_CAP}.`,
    );
  }

  const score = total / UNITS;
  return { score, tier: tierOf(score), factors };
}

function recency(inputs: TrustInputs, now: number): Part {
  const weight = TRUST_WEIGHTS.recency;
  if (inputs.lastTwoWayAt === null) {
    return { name: 'recency', value: 0, weight, evidence: 'No two-way interaction recorded.' };
  }
  const days = Math.max(0, Math.floor((now - inputs.lastTwoWayAt) / DAY_MS));
  return {
    name: 'recency',
    value: 0.5 ** (days / RECENCY_HALF_LIFE_DAYS),
    weight,
    evidence:
      `Last two-way interaction ${daysAgo(days)} (${isoDate(inputs.lastTwoWayAt)}); the value ` +
      `halves every ${RECENCY_HALF_LIFE_DAYS} days.`,
  };
}

function frequency(inputs: TrustInputs): Part {
  const count = inputs.interactionsLast12Months;
  return {
    name: 'frequency',
    value: Math.min(1, count / FULL_FREQUENCY),
    weight: TRUST_WEIGHTS.frequency,
    evidence: `${times(count, 'interaction')} in the last 12 months (${FULL_FREQUENCY} or more count fully).`,
  };
}

function reciprocity(inputs: TrustInputs): Part {
  const weight = TRUST_WEIGHTS.reciprocity;
  const total = inputs.interactionCount;
  if (total === 0) {
    return { name: 'reciprocity', value: 0, weight, evidence: 'No interactions recorded.' };
  }
  const mutual = Math.max(0, total - inputs.inboundCount - inputs.outboundCount);
  // Mutual touchpoints are balanced by nature; one-way ones count only as far as they are returned.
  const balanced = mutual + 2 * Math.min(inputs.inboundCount, inputs.outboundCount);
  return {
    name: 'reciprocity',
    value: Math.min(1, balanced / total),
    weight,
    evidence:
      `${inputs.outboundCount} outbound, ${inputs.inboundCount} inbound and ${mutual} mutual ` +
      `of ${times(total, 'interaction')}.`,
  };
}

function duration(inputs: TrustInputs, now: number): Part {
  const weight = TRUST_WEIGHTS.duration;
  const starts = [inputs.connectedOn, inputs.firstInteractionAt].filter(
    (at): at is number => at !== null,
  );
  if (starts.length === 0) {
    return {
      name: 'duration',
      value: 0,
      weight,
      evidence: 'No connection date or first interaction recorded.',
    };
  }
  const since = Math.min(...starts);
  const years = Math.max(0, (now - since) / YEAR_MS);
  return {
    name: 'duration',
    value: Math.min(1, years / FULL_DURATION_YEARS),
    weight,
    evidence:
      `Known since ${isoDate(since)} (${years.toFixed(1)} years; ${FULL_DURATION_YEARS} or more ` +
      'count fully).',
  };
}

function sharedContext(inputs: TrustInputs): Part {
  const items = inputs.sharedContext;
  return {
    name: 'shared context',
    value: Math.min(1, items.length / FULL_SHARED_CONTEXT),
    weight: TRUST_WEIGHTS.sharedContext,
    evidence:
      items.length === 0
        ? 'Nothing shared found (company, tags, location, or what the request names).'
        : `Shared: ${items.slice(0, 5).join(', ')}.`,
  };
}

function introTrackRecord(inputs: TrustInputs): Part {
  const { introsMade: made, introsDeclined: declined } = inputs;
  // Laplace's rule: no history is a neutral 0.5, and each outcome moves it a little.
  return {
    name: 'intro track record',
    value: (made + 1) / (made + declined + 2),
    weight: TRUST_WEIGHTS.introTrackRecord,
    evidence:
      made + declined === 0
        ? 'No intros through this relationship yet (neutral 0.5).'
        : `${times(made, 'intro')} made and ${declined} declined through this relationship.`,
  };
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
