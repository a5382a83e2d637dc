/**
 * What people do to their network through the CLI: look a contact up in full, set the rating,
 * opt-in preference and do-not-introduce flag, and record interactions. Every change appends an
 * audit event in the same transaction, and an interaction updates the trust aggregates there too.
 */
import {
  ContactRows,
  MemberRows,
  type OptIn,
  parseStringList,
  parseTags,
} from '../store/contacts.ts';
import { appendEvent } from '../store/events.ts';
import type { Intro } from '../store/intros.ts';
import {
  type Direction,
  type InteractionKind,
  type InteractionRow,
  RelationshipRows,
} from '../store/relationships.ts';
import { OWNER_MEMBER_ID } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { Actor } from './actor.ts';
import { type Clock, toIso } from './clock.ts';
import { AppError, notFound } from './errors.ts';
import type { Match, Network, Path, PathTrust } from './matching.ts';
import type { Trust } from './trust.ts';
import { withheldIntro, withheldMatch, type Withhold, withholdFor } from './withheld.ts';

export interface ContactDetails {
  id: string;
  name: string;
  title: string | null;
  company: string | null;
  location: string | null;
  linkedinUrl: string | null;
  emails: string[];
  phones: string[];
  tags: string[];
  notes: string | null;
  sources: string[];
  optIn: OptIn;
  doNotIntroduce: boolean;
  createdAt: string;
  updatedAt: string;
  relationships: RelationshipDetails[];
  bestPath: { path: Path; trust: PathTrust };
  recentInteractions: InteractionDetails[];
}

export interface RelationshipDetails {
  memberId: string;
  memberName: string;
  connectedOn: string | null;
  rating: number | null;
  interactionCount: number;
  twoWayCount: number;
  lastInteractionAt: string | null;
  introsMade: number;
  introsDeclined: number;
  trust: Trust;
}

export interface InteractionDetails {
  id: number;
  memberId: string;
  kind: InteractionKind;
  direction: Direction;
  at: string;
  summary: string | null;
}

export interface ContactChanges {
  strength?: number | undefined;
  optIn?: OptIn | undefined;
  doNotIntroduce?: boolean | undefined;
}

export interface NewInteractionInput {
  contactId: string;
  kind: InteractionKind;
  at: number;
  direction?: Direction | undefined;
  member?: string | undefined;
  summary?: string | undefined;
}

export class Contacts {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #network: Network;
  readonly #contacts: ContactRows;
  readonly #members: MemberRows;
  readonly #relationships: RelationshipRows;

  constructor(store: Store, clock: Clock, network: Network) {
    this.#store = store;
    this.#clock = clock;
    this.#network = network;
    this.#contacts = new ContactRows(store.db);
    this.#members = new MemberRows(store.db);
    this.#relationships = new RelationshipRows(store.db);
  }

  /**
   * Matches as agents may read them: each contact's e-mail addresses and phone numbers withheld
   * from its text (see withheld.ts). Runs in the caller's transaction.
   */
  matchesForAgents<M extends Match>(matches: readonly M[]): M[] {
    const withhold = this.#withholding(matches.map((match) => match.contact.id));
    return matches.map((match) => withheldMatch(match, withhold(match.contact.id)));
  }

  /** Intros as agents may read them, likewise. */
  introsForAgents(intros: readonly Intro[]): Intro[] {
    const withhold = this.#withholding(intros.map((intro) => intro.contact.id));
    return intros.map((intro) => withheldIntro(intro, withhold(intro.contact.id)));
  }

  #withholding(ids: readonly string[]): (id: string) => Withhold {
    const phones = this.#contacts.phonesOf(ids);
    return (id) => withholdFor(phones.get(id) ?? []);
  }

  /** Everything about one contact, private details included: for people at the CLI only. */
  show(id: string): ContactDetails {
    return this.#store.read(() => {
      const row = this.#contacts.get(id);
      if (!row) throw unknownContact(id);
      const now = this.#clock.now();
      const members = new Map(this.#members.all().map((member) => [member.id, member]));
      const relationships = this.#relationships.forContact(id, now).map((relationship) => ({
        memberId: relationship.member_id,
        memberName: members.get(relationship.member_id)?.name ?? relationship.member_id,
        connectedOn: relationship.connected_on === null ? null : toIso(relationship.connected_on),
        rating: relationship.rating,
        interactionCount: relationship.interaction_count,
        twoWayCount: relationship.two_way_count,
        lastInteractionAt:
          relationship.last_interaction_at === null
            ? null
            : toIso(relationship.last_interaction_at),
        introsMade: relationship.intros_made,
        introsDeclined: relationship.intros_declined,
        trust: this.#network.relationshipTrust(relationship.member_id, id),
      }));
      return {
        id: row.id,
        name: row.name,
        title: row.title,
        company: row.company,
        location: row.location,
        linkedinUrl: row.linkedin_url,
        emails: this.#contacts.emails(id),
        phones: this.#contacts.phones(id),
        tags: parseTags(row.tags),
        notes: row.notes,
        sources: parseStringList(row.sources),
        optIn: row.opt_in,
        doNotIntroduce: row.do_not_introduce === 1,
        createdAt: toIso(row.created_at),
        updatedAt: toIso(row.updated_at),
        relationships,
        bestPath: this.#network.bestPath(id),
        recentInteractions: this.#relationships.recentInteractions(id, 10).map(toDetails),
      };
    });
  }

  /** Applies a person's changes; each one that changes something is an audit event. */
  set(id: string, changes: ContactChanges, actor: Actor): { id: string; changed: string[] } {
    if (
      changes.strength !== undefined &&
      (!Number.isInteger(changes.strength) || changes.strength < 1 || changes.strength > 5)
    ) {
      throw new AppError(
        'VALIDATION_ERROR',
        `--strength '${changes.strength}' must be a whole number from 1 to 5 (5 = you would vouch ` +
          'for them).',
        { field: 'strength' },
      );
    }
    return this.#store.write(() => {
      const row = this.#contacts.get(id);
      if (!row) throw unknownContact(id);
      const now = this.#clock.now();
      const changed: string[] = [];
      const event = (action: string, data: Record<string, unknown>) =>
        appendEvent(this.#store.db, now, {
          actor,
          action,
          entityType: 'contact',
          entityId: id,
          data,
        });

      if (changes.strength !== undefined) {
        this.#relationships.ensure(OWNER_MEMBER_ID, id, now);
        const before = this.#relationships.get(OWNER_MEMBER_ID, id, now)?.rating ?? null;
        if (before !== changes.strength) {
          this.#relationships.setRating(OWNER_MEMBER_ID, id, changes.strength, now);
          event('contact.strength_set', {
            memberId: OWNER_MEMBER_ID,
            before,
            after: changes.strength,
          });
          changed.push('strength');
        }
      }
      if (changes.optIn !== undefined && changes.optIn !== row.opt_in) {
        this.#contacts.setOptIn(id, changes.optIn, now);
        event('contact.opt_in_set', { before: row.opt_in, after: changes.optIn });
        changed.push('optIn');
      }
      const dni = row.do_not_introduce === 1;
      if (changes.doNotIntroduce !== undefined && changes.doNotIntroduce !== dni) {
        this.#contacts.setDoNotIntroduce(id, changes.doNotIntroduce, now);
        event('contact.do_not_introduce_set', { before: dni, after: changes.doNotIntroduce });
        changed.push('doNotIntroduce');
      }
      return { id, changed };
    });
  }

  /** Records a touchpoint and folds it into the relationship's trust inputs, in one write. */
  addInteraction(input: NewInteractionInput, actor: Actor): InteractionDetails {
    return this.#store.write(() => {
      const now = this.#clock.now();
      if (!this.#contacts.get(input.contactId)) throw unknownContact(input.contactId);
      const member = this.#members.find(input.member ?? OWNER_MEMBER_ID);
      if (!member) {
        const known = this.#members
          .all()
          .map((m) => `${m.name} (${m.id})`)
          .join(', ');
        throw new AppError(
          'NOT_FOUND',
          `Unknown member '${input.member}'; pass --member with one of: ${known}.`,
          { field: 'member' },
        );
      }
      if (input.at > now) {
        throw new AppError(
          'VALIDATION_ERROR',
          `--at ${toIso(input.at)} is in the future; record interactions once they happened.`,
          { field: 'at' },
        );
      }
      // A meeting or a call is two-way by nature; anything else is assumed to be sent by you.
      const direction =
        input.direction ??
        (input.kind === 'meeting' || input.kind === 'call' ? 'mutual' : 'outbound');
      const row = this.#relationships.addInteraction(
        {
          memberId: member.id,
          contactId: input.contactId,
          kind: input.kind,
          direction,
          at: input.at,
          summary: input.summary ?? null,
        },
        now,
      );
      appendEvent(this.#store.db, now, {
        actor,
        action: 'interaction.recorded',
        entityType: 'contact',
        entityId: input.contactId,
        data: {
          interactionId: row.id,
          memberId: member.id,
          kind: input.kind,
          direction,
          at: toIso(input.at),
        },
      });
      return toDetails(row);
    });
  }
}

function unknownContact(id: string): AppError {
  return notFound('contact', id, "run 'agentintros contacts QUERY' to find contact ids");
}

function toDetails(row: InteractionRow): InteractionDetails {
  return {
    id: row.id,
    memberId: row.member_id,
    kind: row.kind,
    direction: row.direction,
    at: toIso(row.at),
    summary: row.summary,
  };
}
