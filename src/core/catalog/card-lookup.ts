// The card indexes (per connector: by name, alias and key) and the lookups over them: find, suggest, by key.
import { stripBuilderSuffix } from '../../util/keys';
import { closest, editDistance, nearestBand, normalize, suggestionLimit } from '../../util/suggest';
import { CatalogDataError } from './files';
import type { CardLookup, Catalog, CatalogCard, ConnectorInfo, ConnectorKey } from './types';

interface SuggestEntry {
  norm: string;
  ref: string;
  connector: ConnectorKey;
}

/** The lookups a catalog offers over its connectors and cards. */
export type CardLookups = Pick<Catalog, 'connector' | 'findCard' | 'cardByKey' | 'refOf' | 'suggestCards'>;

interface CardIndexes {
  byToken: Map<ConnectorKey, Map<string, CatalogCard>>;
  byKey: Map<ConnectorKey, Map<string, CatalogCard>>;
  suggestEntries: SuggestEntry[];
}

/** Indexes the cards; a name, alias or key that two cards of a connector claim fails in `cardsLabel`. */
export function cardLookups(connectors: readonly ConnectorInfo[], cards: readonly CatalogCard[], cardsLabel: string): CardLookups {
  const connectorByToken = new Map<string, ConnectorInfo>();
  for (const c of connectors) {
    connectorByToken.set(normalize(c.key), c);
    connectorByToken.set(normalize(c.name), c);
  }
  const connectorName = new Map(connectors.map((c) => [c.key, c.name]));
  const refOf = (card: CatalogCard): string => `${connectorName.get(card.connector) ?? card.connector}/${card.name}`;
  const { byToken, byKey, suggestEntries } = indexCards(connectors, cards, connectorName, refOf, cardsLabel);

  const connector = (nameOrKey: string): ConnectorInfo | undefined => connectorByToken.get(normalize(nameOrKey));

  const lookupCard = (conn: ConnectorKey, cardPart: string): CatalogCard | undefined => {
    const tokens = byToken.get(conn);
    const text = cardPart.trim();
    return tokens?.get(normalize(text)) ?? tokens?.get(normalize(stripBuilderSuffix(text)));
  };

  const suggestCards = (ref: string, max = 3): string[] => rankSuggestions(suggestEntries, connector, ref, max);

  const findCard = (ref: string): CardLookup => {
    const slash = ref.indexOf('/');
    // Without a connector the reference is incomplete; offer the full references it resembles.
    // Suggestions are ranked only when read: a declaration's look-up of an unknown card needs none.
    if (slash < 0) return unknownCard(ref);
    const connPart = ref.slice(0, slash);
    const conn = connector(connPart);
    if (!conn) {
      const names = connectors.map((c) => c.name);
      const near = closest(connPart, names);
      // With three connectors, listing them all is a useful answer when none is close.
      return { ok: false, reason: 'unknown-connector', suggestions: near.length > 0 ? near : names };
    }
    const card = lookupCard(conn.key, ref.slice(slash + 1));
    return card ? { ok: true, card } : unknownCard(ref);
  };
  const unknownCard = (ref: string): CardLookup => ({
    ok: false,
    reason: 'unknown-card',
    get suggestions() {
      return suggestCards(ref);
    },
  });

  const cardByKey = (conn: string, key: string): CatalogCard | undefined => {
    const c = connector(conn);
    return c ? byKey.get(c.key)?.get(stripBuilderSuffix(key.trim())) : undefined;
  };

  return { connector, findCard, cardByKey, refOf, suggestCards };
}

function indexCards(
  connectors: readonly ConnectorInfo[],
  cards: readonly CatalogCard[],
  connectorName: ReadonlyMap<ConnectorKey, string>,
  refOf: (card: CatalogCard) => string,
  cardsLabel: string,
): CardIndexes {
  // Per connector: normalised name, alias or key → card; exact key → card (for export lookups).
  const byToken = new Map<ConnectorKey, Map<string, CatalogCard>>();
  const byKey = new Map<ConnectorKey, Map<string, CatalogCard>>();
  const suggestEntries: SuggestEntry[] = [];
  for (const c of connectors) {
    byToken.set(c.key, new Map());
    byKey.set(c.key, new Map());
  }
  for (const card of cards) {
    const tokens = byToken.get(card.connector);
    const keys = byKey.get(card.connector);
    if (!tokens || !keys) continue;
    const ref = refOf(card);
    const claim = (text: string, shown: string): void => {
      const norm = normalize(text);
      const other = tokens.get(norm);
      if (other && other !== card) {
        throw new CatalogDataError(cardsLabel, `card "${ref}": "${text}" also names "${refOf(other)}"`);
      }
      tokens.set(norm, card);
      suggestEntries.push({ norm, ref: shown, connector: card.connector });
    };
    const conn = connectorName.get(card.connector) ?? card.connector;
    claim(card.name, ref);
    for (const a of card.aliases) claim(a, `${conn}/${a}`);
    if (card.key !== undefined) {
      if (keys.has(card.key)) throw new CatalogDataError(cardsLabel, `card "${ref}": duplicate key ${card.key}`);
      keys.set(card.key, card);
      claim(card.key, ref);
    }
  }
  return { byToken, byKey, suggestEntries };
}

/** Up to `max` full card references that `ref` resembles (its card part compared on its own). */
function rankSuggestions(
  suggestEntries: readonly SuggestEntry[],
  connector: (nameOrKey: string) => ConnectorInfo | undefined,
  ref: string,
  max: number,
): string[] {
  if (max <= 0) return [];
  // The card part is compared on its own, so `Okta/Read Device` can still find `Okta Devices/Read Device`.
  const slash = ref.indexOf('/');
  const home = slash >= 0 ? connector(ref.slice(0, slash)) : undefined;
  const wanted = normalize(slash >= 0 ? ref.slice(slash + 1) : ref);
  if (wanted === '') return [];
  const best = new Map<string, { dist: number; home: boolean }>();
  for (const e of suggestEntries) {
    const limit = suggestionLimit(wanted.length, e.norm.length);
    const dist = editDistance(wanted, e.norm, limit);
    if (dist > limit) continue;
    const prev = best.get(e.ref);
    if (!prev || dist < prev.dist) best.set(e.ref, { dist, home: e.connector === home?.key });
  }
  const ranked = [...best.entries()]
    .map(([ref, v]) => ({ ref, ...v }))
    .sort((a, b) => a.dist - b.dist || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const group = (atHome: boolean): string[] => nearestBand(ranked.filter((x) => x.home === atHome)).map((x) => x.ref);
  // The connector the user named first, then the others; nearer first, ties alphabetical.
  return [...group(true), ...group(false)].slice(0, max);
}
