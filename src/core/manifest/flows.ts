import type { CatalogCard } from '../catalog/types';
import type { SourceLoc } from '../../util/diagnostics';
import { isPlainObject } from '../../util/json';
import { closest } from '../../util/suggest';
import type { PathSeg } from '../../util/yaml-locator';
import { list, str, type ManifestContext } from './context';
import type { CardUse, FlowDecl } from './types';

/** `flows:`: each flow, its trigger and its cards, Custom API calls matched against the endpoint catalog. */

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Flow `i` of `flows:`. */
export function flow(ctx: ManifestContext, f: unknown, i: number): FlowDecl[] {
  if (!isPlainObject(f)) return [];
  const path: PathSeg[] = ['flows', i];
  const name = str(f.name);
  const orgs = Array.isArray(f.orgs) ? f.orgs.filter((o): o is string => typeof o === 'string') : undefined;
  orgs?.forEach((o, j) => ctx.checkOrgRef(o, ['flows', i, 'orgs', j], `flow \`${name ?? '?'}\``));
  const trigger = typeof f.trigger === 'string' ? readTrigger(ctx, f.trigger, ['flows', i, 'trigger']) : undefined;
  // A loop and array literals rather than flatMap, concat and spreads: this runs for each of 50,000
  // cards, mostly cold.
  const cards: CardUse[] = [];
  const entries = list(f.cards);
  // One path for the flow's cards, its index set per card: nothing keeps a path (a location is
  // computed from it at once), and 50,000 short-lived arrays add up.
  const cardPath: PathSeg[] = ['flows', i, 'cards', 0];
  for (let j = 0; j < entries.length; j++) {
    cardPath[3] = j;
    const use = cardEntry(ctx, entries[j], cardPath);
    if (use) cards.push(use);
  }
  if (!name) return [];
  if (!trigger && cards.length === 0) ctx.warn('empty-flow', path, `flow \`${name}\` declares no trigger and no cards, so it needs no scope`);
  // Built key by key in the order the spreads gave it (no throwaway objects per flow).
  const decl = { name } as FlowDecl;
  const folder = str(f.folder);
  if (folder) decl.folder = folder;
  if (orgs) decl.orgs = orgs;
  if (trigger) decl.trigger = trigger;
  decl.cards = cards;
  const reason = str(f.reason);
  if (reason) decl.reason = reason;
  decl.loc = ctx.at.loc(path);
  return [decl];
}

function readTrigger(ctx: ManifestContext, ref: string, path: PathSeg[]): CardUse | undefined {
  const loc = ctx.at.loc(path);
  const hit = ctx.lookup(ref);
  if ('card' in hit) {
    if (hit.card.kind !== 'event') {
      ctx.error('not-an-event', path, `trigger \`${ref}\` is an action card, not an event card`, 'move it to `cards:`; a trigger is the event that starts the flow, e.g. `Okta/User Suspended`');
      return undefined;
    }
    return { origin: 'catalog', ref, card: hit.card, loc };
  }
  if ('custom' in hit) {
    if (hit.custom.kind !== 'event') {
      ctx.error('not-an-event', path, `trigger \`${ref}\` is declared in customCards as an action card`, 'set `kind: event` on the custom card');
      return undefined;
    }
    return { origin: 'custom', ref, card: hit.custom, loc };
  }
  if (hit.unknown === 'card' && hit.connector) {
    const info = ctx.catalog.connector(hit.connector);
    if (info && info.eventScopes.length > 0) {
      const guess = ctx.catalog.suggestCards(ref, 1).filter((g) => ctx.catalog.findCard(g).ok && (ctx.catalog.findCard(g) as { card: CatalogCard }).card.kind === 'event');
      ctx.warn(
        'unknown-event',
        path,
        `event \`${ref}\` is not in the catalog; granting the ${info.name} event-card scopes (${info.eventScopes.join(', ')})`,
        guess.length ? `did you mean \`${guess[0]}\`?` : 'check the event name; every event card of this connector needs these scopes',
      );
      return { origin: 'unknown-event', ref, connector: hit.connector, name: ref.slice(ref.indexOf('/') + 1).trim(), loc };
    }
    ctx.error('unknown-card', path, `the ${info?.name ?? hit.connector} connector has no event cards: \`${ref}\` cannot be a trigger`);
    return undefined;
  }
  ctx.unknownConnector(ref, path);
  return undefined;
}

/** A card entry as written: the card alone, `{card, method, path}`, or `Card: METHOD /path`. */
interface EntryForm {
  ref: string | undefined;
  method?: string;
  callPath?: string;
  hasCall: boolean;
}

/** The entry's card and call, or undefined when it is malformed (reported here or by the schema pass). */
function entryForm(ctx: ManifestContext, entry: unknown, path: PathSeg[]): EntryForm | undefined {
  if (isPlainObject(entry) && 'card' in entry) {
    const method = str(entry.method);
    const callPath = str(entry.path);
    const hasCall = method !== undefined || callPath !== undefined;
    if (hasCall && (method === undefined || callPath === undefined)) {
      ctx.error('incomplete-call', path, `a Custom API call needs both \`method\` and \`path\``, 'e.g. `method: GET` and `path: /api/v1/users/{userId}/factors`');
      return undefined;
    }
    return { ref: str(entry.card)?.trim(), method, callPath, hasCall };
  }
  if (isPlainObject(entry) && Object.keys(entry).length === 1) {
    const [k, v] = Object.entries(entry)[0];
    const m = typeof v === 'string' ? /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(v) : null;
    if (!m) {
      ctx.error('bad-call', path, `\`${k}: ${String(v)}\` is not a Custom API call`, `write it as \`${k}: GET /api/v1/users/{userId}\` (method, a space, then the path)`);
      return undefined;
    }
    return { ref: k.trim(), method: m[1], callPath: m[2], hasCall: true };
  }
  return undefined; // the schema pass reported it
}

function cardEntry(ctx: ManifestContext, entry: unknown, path: PathSeg[]): CardUse | undefined {
  if (ctx.schemaFailedWithin(path)) return undefined;
  // The common entry, a card's name alone, is read here without an EntryForm (one per card adds up).
  const plain = typeof entry === 'string';
  const form = plain ? undefined : entryForm(ctx, entry, path);
  const ref = plain ? entry.trim() : form?.ref;
  if (!ref) return undefined;
  const method = form?.method;
  const callPath = form?.callPath;
  const hasCall = form?.hasCall === true;
  const loc = ctx.at.loc(path);
  const hit = ctx.lookup(ref);
  if ('unknown' in hit) {
    if (hit.unknown === 'connector') ctx.unknownConnector(ref, path);
    else ctx.unknownCard(ref, path);
    return undefined;
  }
  if ('custom' in hit) {
    if (hasCall) ctx.error('call-on-plain-card', path, `\`${ref}\` is a custom card; only Custom API Action cards take a method and path`);
    return { origin: 'custom', ref, card: hit.custom, loc };
  }
  const card = hit.card;
  if (card.kind === 'event') {
    ctx.warn('event-in-cards', path, `\`${ref}\` is an event card`, 'declare it as the flow\'s `trigger:`');
  }
  if (!card.customApi) {
    if (hasCall) ctx.error('call-on-plain-card', path, `\`${ref}\` takes no method and path; only Custom API Action cards do`, 'write the card name alone');
    return { origin: 'catalog', ref, card, loc };
  }
  if (!hasCall || !method || !callPath) {
    ctx.error('missing-call', path, `\`${ref}\` needs the HTTP method and path it calls: its scopes are those of the endpoint`, `write \`- ${ctx.catalog.refOf(card)}: GET /api/v1/users/{userId}\``);
    return undefined;
  }
  return customApiCall(ctx, { ref, card, method, callPath, path, loc });
}

/** A Custom API Action card's call: its method and path, matched against the endpoint catalog. */
function customApiCall(ctx: ManifestContext, use: { ref: string; card: CatalogCard; method: string; callPath: string; path: PathSeg[]; loc: SourceLoc }): CardUse | undefined {
  const { ref, card, method, callPath, path, loc } = use;
  const upper = method.toUpperCase();
  if (!METHODS.includes(upper)) {
    const guess = closest(upper, METHODS, 1);
    ctx.error('bad-method', path, `unknown HTTP method \`${method}\``, `expected one of ${METHODS.join(', ')}${guess.length ? `; did you mean \`${guess[0]}\`?` : ''}`);
    return undefined;
  }
  if (!/^(https?:\/\/[^/\s]+)?\//i.test(callPath)) {
    ctx.error('bad-path', path, `Custom API path \`${callPath}\` must start with \`/\``, `e.g. \`/api/v1/users/{userId}\``);
    return undefined;
  }
  const callKey = `${upper} ${callPath}`;
  let match = ctx.endpoints.get(callKey);
  if (match === undefined) ctx.endpoints.set(callKey, (match = ctx.catalog.matchEndpoint(upper, callPath) ?? null));
  if (!match) {
    const candidates = ctx.catalog.endpoints.filter((e) => e.method === upper).map((e) => e.path);
    const bare = callPath.replace(/^https?:\/\/[^/]+/i, '').replace(/[?#].*$/, '');
    const guess = closest(bare, candidates, 2);
    const otherMethods = ctx.catalog.endpoints.filter((e) => e.method !== upper && ctx.catalog.matchEndpoint(e.method, bare)?.row === e).map((e) => e.method);
    ctx.error(
      'unknown-endpoint',
      path,
      `\`${upper} ${callPath}\` matches no Okta API endpoint`,
      otherMethods.length
        ? `that path exists for ${[...new Set(otherMethods)].sort().join(', ')}`
        : guess.length
          ? `did you mean ${guess.map((g) => `\`${upper} ${g}\``).join(' or ')}?`
          : 'check the path against the Okta API reference',
    );
    return undefined;
  }
  if (match.row.auth === 'api-token') {
    ctx.warn(
      'not-callable-by-oauth-app',
      path,
      `\`${upper} ${match.row.path}\` (${match.row.operationId}) takes no OAuth scope: Okta authorizes it with an API token only, so this card cannot call it through the Okta Workflows OAuth app`,
      'no grant fixes this: call it outside Workflows with an API token, or use an operation that takes an OAuth scope',
    );
  } else if (match.row.scopes.length === 0) {
    ctx.warn('no-scope-endpoint', path, `\`${upper} ${match.row.path}\` (${match.row.operationId}) declares no OAuth scope`, 'it needs no grant; check the path if you expected one');
  }
  for (const u of match.uncertain) {
    ctx.warn(
      'uncertain-endpoint',
      path,
      `\`${upper} ${callPath}\` matched \`${match.row.path}\` only through {${u.param}} = "${u.value}": the spec has no such literal path`,
      'check the path against the Okta API reference; the scopes shown are those of the matched operation',
    );
  }
  return { origin: 'catalog', ref, card, call: { method: upper, path: callPath, endpoint: match.row }, loc };
}

export function duplicateFlows(ctx: ManifestContext, flows: FlowDecl[]): void {
  const seen = new Map<string, FlowDecl>();
  for (const f of flows) {
    // Workflows names a flow within its folder: the same name in two folders is two flows (as scan
    // and its --write see them), so the folder is part of the key.
    const folder = f.folder === undefined ? '' : f.folder.trim().toLowerCase();
    const key = `${f.name.trim().toLowerCase()}\u0000${folder}\u0000${(f.orgs ?? ['*']).slice().sort().join(',')}`;
    const first = seen.get(key);
    if (first) {
      ctx.out.push({
        severity: 'warning',
        code: 'duplicate-flow',
        loc: f.loc,
        message: `flow \`${f.name}\` is declared twice (first at line ${first.loc.line})`,
        hint: 'merge the two entries, or give them distinct names so reports can tell them apart',
      });
    } else seen.set(key, f);
  }
}
