import type { Catalog } from '../../core/catalog/types';
import { stripBuilderSuffix } from '../../sources/flows';
import type { CardUse, CustomCardDecl } from '../../core/manifest/types';
import { normalize } from '../../util/suggest';
import type { ScannedCard } from './types';

/**
 * What an exported card is, in declaration terms. `declarable` cards have an identity shared with
 * the declaration's card uses (so "is it declared?" is a set lookup) and the entry that declares them.
 * The others cannot be written as a valid entry, and say why.
 */
export type CardIdentity =
  | {
      kind: 'declarable';
      id: string;
      /** `Okta/Read User`, `Okta/Custom API Action`, or a customCards name with its connector. */
      ref: string;
      /** The call of a Custom API entry, as the endpoint template (`GET /api/v1/users/{userId}`). */
      call?: { method: string; path: string };
      event: boolean;
      scopes: string[];
      /** An event the catalog does not know, named by its (renamable) title; written as the trigger. */
      byTitle?: true;
    }
  /** A Custom API call whose path is known only at run time, or that has no URL or method. */
  | { kind: 'unresolved-call' }
  /** A Custom API call whose path matches no Okta API endpoint. */
  | { kind: 'no-endpoint' }
  /** A connector outside the catalog (Okta Privileged Access): its scopes are not ours to manage. */
  | { kind: 'not-covered' }
  /** A card of a catalog connector that neither the catalog nor customCards knows. */
  | { kind: 'unknown-card' };

const customId = (connector: string, name: string): string => `custom:${connector}/${normalize(name)}`;

/** The identity of a declared card use; equal to `identify(...).id` for the exported card it declares. */
export function useIdentity(use: CardUse): string {
  switch (use.origin) {
    case 'catalog':
      return use.call ? `call:${use.call.endpoint.method} ${use.call.endpoint.path}` : `card:${use.card.connector}/${use.card.name}`;
    case 'custom':
      return customId(use.card.connector, use.card.name);
    case 'unknown-event':
      return `event:${use.connector}/${normalize(use.name)}`;
  }
}

/** Looks an exported card up: catalog first, then the declaration's customCards (by key). */
export function identify(card: ScannedCard, catalog: Catalog, customCards: readonly CustomCardDecl[] = []): CardIdentity {
  const connector = catalog.connector(card.connector);
  if (!connector) return { kind: 'not-covered' };
  if (card.ref !== null && card.name !== null) {
    if (!card.customApi) {
      return { kind: 'declarable', id: `card:${connector.key}/${card.name}`, ref: card.ref, event: card.event, scopes: card.scopes };
    }
    const { endpoint, resolved, method, path } = card.customApi;
    if (!resolved || method === null || path === null) return { kind: 'unresolved-call' };
    if (!endpoint) return { kind: 'no-endpoint' };
    return {
      kind: 'declarable',
      id: `call:${endpoint.method} ${endpoint.path}`,
      ref: card.ref,
      call: { method: endpoint.method, path: endpoint.path },
      event: false,
      scopes: card.scopes,
    };
  }
  const custom = customCards.find((c) => c.connector === connector.key && c.key !== undefined && stripBuilderSuffix(c.key) === card.key);
  if (custom) {
    return {
      kind: 'declarable',
      id: customId(custom.connector, custom.name),
      ref: `${connector.name}/${custom.name}`,
      event: custom.kind === 'event',
      scopes: [...custom.scopes],
    };
  }
  // An unknown event may be declared by its title as a trigger: the loader grants the event scopes.
  if (card.event && connector.eventScopes.length > 0) {
    // Named by its title (an author may have renamed it), or by its key when the title is blank.
    const name = card.title.replace(/\s+/g, ' ').trim() || card.key;
    return { kind: 'declarable', id: `event:${connector.key}/${normalize(name)}`, ref: `${connector.name}/${name}`, event: true, scopes: card.scopes, byTitle: true };
  }
  return { kind: 'unknown-card' };
}

export interface FlowKey {
  name: string;
  folder?: string;
}

const sameText = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The declared flows an exported flow corresponds to: same name (trimmed, case-insensitive); among
 * those, the ones in the same folder, else the ones declared without a folder. A declared flow in a
 * different folder is a different flow. An exported flow without a folder (its export lacks the
 * folder) matches every declared flow of its name.
 */
export function matchFlows<T extends FlowKey>(flow: FlowKey, declared: readonly T[]): T[] {
  const named = declared.filter((d) => sameText(d.name, flow.name));
  if (flow.folder === undefined) return named;
  const folder = flow.folder;
  const inFolder = named.filter((d) => d.folder !== undefined && sameText(d.folder, folder));
  return inFolder.length > 0 ? inFolder : named.filter((d) => d.folder === undefined);
}
