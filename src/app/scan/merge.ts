import { isMap, isScalar, isSeq, parseDocument, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Catalog } from '../../core/catalog/types';
import { parseManifest, type LoadResult } from '../../core/manifest/load';
import type { CardUse, CustomCardDecl, Manifest } from '../../core/manifest/types';
import { UserError, type Diagnostic } from '../../util/diagnostics';
import { identify, matchFlows, useIdentity, type CardIdentity } from './identity';
import type { ScanReport, ScannedCard, ScannedFlow } from './types';
import { compareStrings } from '../../util/compare';
import { keepCommentSpacing } from './comment-spacing';

/** Formatting of the written file: no line folding (long names stay on one line), `[a]` not `[ a ]`. */
const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Prefix of every comment wf-scopes writes, so a reader knows where it came from. */
export const HINT_PREFIX = 'wf-scopes scan:';

export interface NewOrg {
  name: string;
  domain: string;
}

export interface MergeInput {
  report: ScanReport;
  catalog: Catalog;
  /** The file as shown in messages. */
  file: string;
  /**
   * The existing declaration, already validated (`diagnostics`: its warnings, reused when nothing
   * changes), or undefined to create one for `org`.
   */
  existing?: { text: string; manifest: Manifest; diagnostics?: Diagnostic[] };
  org?: NewOrg;
  /** `orgs:` of the flows this merge adds (the one org scanned, in a file that declares others). */
  newFlowOrgs?: string[];
  /** The `$schema` reference of the first-line comment of a new declaration. */
  schemaRef?: string;
}

export interface StaleEntry {
  flow: string;
  folder?: string;
  /** The entry as declared, e.g. `Okta/Read User` or `Okta/Custom API Action: GET /api/v1/logs`. */
  card: string;
  line: number;
}

export interface MergeResult {
  text: string;
  created: boolean;
  /** False when the existing file already declares everything: it is then left untouched. */
  changed: boolean;
  flowsAdded: string[];
  /** Per existing flow that gained entries: what was added. */
  flowsUpdated: { flow: string; added: string[] }[];
  /** Comments added, per flow: calls to add by hand, cards the catalog does not know. */
  hints: { flow: string; hint: string }[];
  /** Declared entries no scanned export of their flow uses (left in place). */
  stale: StaleEntry[];
  /** Things the merge would not decide for the user (e.g. a different trigger). */
  conflicts: { flow: string; message: string }[];
  /** The result as `wf-scopes check` reads it; writing is refused when it has an error. */
  validation: LoadResult;
}

/** An org name from a domain's first label (`acme.okta.com` → `acme`), when that is a valid stack name. */
export function orgNameFromDomain(domain: string): string {
  const first = domain.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').split('.')[0] ?? '';
  return /^[a-z][a-z0-9_-]{0,62}$/.test(first) ? first : 'prod';
}

/** The start of a new declaration: header, version and the one org; flows are merged in after. */
export function skeleton(org: NewOrg, exportCount: number, schemaRef?: string): string {
  return [
    // Editors with the YAML language server complete and check the file from this line (README).
    ...(schemaRef !== undefined ? [`# yaml-language-server: $schema=${schemaRef}`] : []),
    `# Okta Workflows flows and the Okta-family cards they use, found by \`wf-scopes scan --write\` in`,
    `# ${exportCount} exported flow file${exportCount === 1 ? '' : 's'}. Review it (add \`app: {id: 0oa…}\` to the org), then run \`wf-scopes check\`.`,
    `# Running \`wf-scopes scan --write\` again adds new flows and cards and keeps your edits and comments.`,
    'version: 1',
    '',
    // The yaml library quotes the values only when YAML needs it.
    stringify({ orgs: [{ name: org.name, domain: org.domain }] }, TO_STRING),
  ].join('\n');
}

interface DeclFlow {
  name: string;
  folder?: string;
  node: YAMLMap;
  seqIndex: number;
  /** Identities declared in the flow (trigger and cards), growing as entries are added. */
  ids: Set<string>;
  /** The declared uses of an existing flow, for the stale report. */
  uses: CardUse[];
  isNew: boolean;
  hasTrigger: boolean;
  /** Identities the matched exports use; undefined while no export matched. */
  usedIds?: Set<string>;
  /** A matched export has a Custom API call we could not resolve: declared calls may be for it. */
  unresolvedCalls: boolean;
  added: string[];
  hints: string[];
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function flowLabel(name: string, folder: string | undefined): string {
  return folder !== undefined ? `"${name}" in ${folder}` : `"${name}"`;
}

/** The comment for a card that cannot be written as an entry, or undefined when it can be. */
function hintFor(card: ScannedCard, who: CardIdentity): string | undefined {
  const title = oneLine(card.title);
  const call = card.customApi;
  switch (who.kind) {
    case 'declarable':
      return who.byTitle
        ? `${HINT_PREFIX} event card "${title}" (${card.connector}/${card.key}) is not in the catalog; written as the trigger, it gets the connector's event scopes (${who.scopes.join(' ')}); if it needs more, declare it under customCards`
        : undefined;
    case 'unresolved-call':
      return `${HINT_PREFIX} Custom API Action "${title}" calls ${call?.method ?? 'an unknown method'} ${oneLine(call?.placeholder ?? '(no URL)')}, known only at run time; add the call by hand, e.g. \`- Okta/Custom API Action: GET /api/v1/…\``;
    case 'no-endpoint':
      return `${HINT_PREFIX} Custom API Action "${title}" calls ${call?.method ?? '?'} ${oneLine(call?.path ?? '')}, which matches no Okta API endpoint; add it by hand if it needs a scope`;
    case 'not-covered':
      return `${HINT_PREFIX} "${title}" (${card.connector}/${card.key}) is not covered by the catalog; its scopes are not managed here`;
    case 'unknown-card':
      return `${HINT_PREFIX} "${title}" (${card.connector}/${card.key}) is not in the catalog; declare it under customCards (name, key: ${card.key}, scopes), then list it here`;
  }
}

/** Comment text attached to a flow item; a comment above the first item belongs to the sequence. */
function commentsOf(seq: YAMLSeq, item: YAMLMap, index: number): string {
  return `${index === 0 ? seq.commentBefore ?? '' : ''}\n${item.commentBefore ?? ''}`;
}

function addComment(node: Node, lines: string[]): void {
  if (lines.length === 0) return;
  const text = lines.map((l) => ` ${l}`).join('\n');
  node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${text}` : text;
}

function keyIs(p: Pair, key: string): boolean {
  return isScalar(p.key) && p.key.value === key;
}

/** The top-level `flows` sequence, created (after `orgs`) when absent or empty. */
function flowsSeq(doc: Document): YAMLSeq {
  const root = doc.contents;
  if (!isMap(root)) throw new UserError('the declaration is not a YAML mapping');
  const pair = root.items.find((p) => keyIs(p, 'flows'));
  if (pair && isSeq(pair.value)) return pair.value;
  const seq = doc.createNode([]) as YAMLSeq;
  seq.flow = false;
  if (pair) {
    pair.value = seq; // `flows:` with no value
    return seq;
  }
  const created = doc.createPair('flows', seq);
  if (isScalar(created.key)) created.key.spaceBefore = true;
  const at = root.items.findIndex((p) => keyIs(p, 'orgs'));
  root.items.splice(at >= 0 ? at + 1 : root.items.length, 0, created);
  return seq;
}

/** `Okta/Read User`, or `Okta/Custom API Action: GET /api/v1/logs`. */
function entryLabel(who: Extract<CardIdentity, { kind: 'declarable' }>): string {
  return who.call ? `${who.ref}: ${who.call.method} ${who.call.path}` : who.ref;
}

function useLabel(use: CardUse): string {
  if (use.origin === 'catalog' && use.call) return `${use.ref}: ${use.call.method} ${use.call.path}`;
  return use.ref;
}

function entryNode(doc: Document, who: Extract<CardIdentity, { kind: 'declarable' }>): Node {
  return doc.createNode(who.call ? { [who.ref]: `${who.call.method} ${who.call.path}` } : who.ref) as Node;
}

interface Group {
  name: string;
  folder?: string;
  flows: ScannedFlow[];
}

const groupKey = (name: string, folder: string | undefined): string => `${name.trim().toLowerCase()}\u0000${folder?.trim().toLowerCase() ?? ''}`;

/**
 * Exported flows grouped by name and folder (the same flow may sit in several exports), in a fixed
 * order so that merging does not depend on the order of the files. Flows without Okta-family cards
 * are kept: they make a declared flow of theirs "seen", so its entries can be reported stale.
 */
function groups(report: ScanReport): Group[] {
  const byKey = new Map<string, Group>();
  for (const e of report.exports) {
    for (const f of e.flows) {
      const k = groupKey(f.name, f.folder);
      const g = byKey.get(k);
      if (g) g.flows.push(f);
      else byKey.set(k, { name: f.name, ...(f.folder !== undefined ? { folder: f.folder } : {}), flows: [f] });
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, g]) => g);
}

/**
 * Merges the scanned flows into a declaration (or a new one) through the YAML document model, so
 * everything else in the file (comments, orgs, extraScopes, policy, customCards, hand-written flows
 * and entries) stays. Existing flows gain the entries they lack; new flows are appended. Nothing is
 * removed: declared entries no export uses are reported as stale. Pure: text in, text out.
 */
export function mergeDeclaration(input: MergeInput): MergeResult {
  const { report, catalog, file } = input;
  const { text, manifest } = startingPoint(input);
  const doc = parseDocument(text);
  const seq = flowsSeq(doc);
  const customCards: readonly CustomCardDecl[] = manifest.customCards;
  const decls = declaredFlows(seq, manifest, file);

  const conflicts: MergeResult['conflicts'] = [];
  for (const g of groups(report)) {
    const label = flowLabel(g.name, g.folder);
    let decl = matchFlows(g, decls)[0];
    // A flow without cards of the catalog's connectors (none at all, or only Okta Privileged Access
    // ones) needs nothing from the Okta Workflows OAuth app: it is not added.
    if (!decl && g.flows.every((f) => f.cards.every((c) => !catalog.connector(c.connector)))) continue;
    if (!decl) {
      decl = appendFlow(doc, seq, g, input.newFlowOrgs);
      decls.push(decl);
    }
    const used = (decl.usedIds ??= new Set());
    const existingComments = commentsOf(seq, decl.node, decl.seqIndex);
    for (const card of g.flows.flatMap((f) => f.cards)) {
      const who = identify(card, catalog, customCards);
      if (who.kind === 'unresolved-call') decl.unresolvedCalls = true;
      const hint = hintFor(card, who);
      if (hint !== undefined && !existingComments.includes(hint) && !decl.hints.includes(hint)) decl.hints.push(hint);
      // An unknown event is still written, as the trigger: its connector's event scopes must be granted,
      // or an apply would revoke them (the commented card alone would grant nothing).
      if (who.kind !== 'declarable') continue;
      used.add(who.id);
      if (decl.ids.has(who.id)) continue;
      if (who.event && !decl.hasTrigger) {
        insertTrigger(doc, decl.node, who.ref);
        decl.hasTrigger = true;
      } else if (who.event) {
        const current = String(decl.node.get('trigger') ?? '?');
        conflicts.push({ flow: label, message: `the export's event card is \`${who.ref}\` but the flow's trigger is \`${current}\`; left as declared` });
        continue;
      } else {
        appendCard(doc, decl.node, entryNode(doc, who));
      }
      decl.ids.add(who.id);
      decl.added.push(entryLabel(who));
    }
    addComment(decl.node, decl.hints);
  }

  const stale = staleEntries(decls);

  const flowsAdded = decls.filter((d) => d.isNew).map((d) => flowLabel(d.name, d.folder));
  const flowsUpdated = decls.filter((d) => !d.isNew && d.added.length > 0).map((d) => ({ flow: flowLabel(d.name, d.folder), added: d.added }));
  const hints = decls.flatMap((d) => d.hints.map((hint) => ({ flow: flowLabel(d.name, d.folder), hint })));
  const created = input.existing === undefined;
  const changed = created || flowsAdded.length > 0 || flowsUpdated.length > 0 || hints.length > 0;
  // Unchanged: the original bytes, not a re-serialisation, so a second run is byte-identical.
  const out = changed ? keepCommentSpacing(text, doc.toString(TO_STRING)) : text;
  return {
    text: out,
    created,
    changed,
    flowsAdded,
    flowsUpdated,
    hints,
    stale,
    conflicts,
    // Unchanged text was validated by the caller; parsing a large declaration again costs a few 100 ms.
    validation: !changed && input.existing?.diagnostics ? { manifest, diagnostics: input.existing.diagnostics } : parseManifest(out, file, catalog),
  };
}

/** The declaration merged into: the existing one, or a new one for `input.org`. */
function startingPoint(input: MergeInput): { text: string; manifest: Manifest } {
  if (input.existing) return { text: input.existing.text, manifest: input.existing.manifest };
  if (!input.org) throw new Error('mergeDeclaration: a new declaration needs an org');
  const text = skeleton(input.org, input.report.exports.length, input.schemaRef);
  const parsed = parseManifest(text, input.file, input.catalog);
  if (!parsed.manifest) throw new UserError(parsed.diagnostics);
  return { text, manifest: parsed.manifest };
}

/** The declaration's flows, each with its YAML node and the entries it declares. */
function declaredFlows(seq: YAMLSeq, manifest: Manifest, file: string): DeclFlow[] {
  return seq.items.map((item, i) => {
    // A validated declaration has one FlowDecl per item of `flows`, in order.
    const m = manifest.flows[i];
    if (!isMap(item) || !m || m.name !== item.get('name')) {
      throw new Error(`mergeDeclaration: flows[${i}] of ${file} does not line up with the loaded declaration`);
    }
    const uses = m.trigger ? [m.trigger, ...m.cards] : [...m.cards];
    return {
      name: m.name,
      ...(m.folder !== undefined ? { folder: m.folder } : {}),
      node: item,
      seqIndex: i,
      ids: new Set(uses.map(useIdentity)),
      uses,
      isNew: false,
      hasTrigger: m.trigger !== undefined,
      unresolvedCalls: false,
      added: [],
      hints: [],
    };
  });
}

/** A new flow at the end of `flows:`, named as the scanned group is. */
function appendFlow(doc: Document, seq: YAMLSeq, g: { name: string; folder?: string }, orgs: string[] | undefined): DeclFlow {
  const node = doc.createNode({ name: g.name, ...(g.folder !== undefined ? { folder: g.folder } : {}) }) as YAMLMap;
  if (orgs !== undefined) {
    const list = doc.createNode(orgs) as YAMLSeq;
    list.flow = true; // `orgs: [prod]`, as the README writes it
    node.set('orgs', list);
  }
  if (seq.items.length > 0) node.spaceBefore = true;
  seq.items.push(node);
  return {
    name: g.name,
    ...(g.folder !== undefined ? { folder: g.folder } : {}),
    node,
    seqIndex: seq.items.length - 1,
    ids: new Set(),
    uses: [],
    isNew: true,
    hasTrigger: false,
    unresolvedCalls: false,
    added: [],
    hints: [],
  };
}

/** Declared entries no scanned export of their flow uses (flows no export holds are left alone). */
function staleEntries(decls: readonly DeclFlow[]): StaleEntry[] {
  const stale: StaleEntry[] = [];
  for (const d of decls) {
    if (d.isNew || !d.usedIds) continue;
    for (const use of d.uses) {
      const id = useIdentity(use);
      if (d.usedIds.has(id)) continue;
      // A declared call may be the one an unresolved Custom API card makes: not provably stale.
      if (id.startsWith('call:') && d.unresolvedCalls) continue;
      stale.push({ flow: d.name, ...(d.folder !== undefined ? { folder: d.folder } : {}), card: useLabel(use), line: use.loc.line });
    }
  }
  return stale;
}

/** `trigger:` goes after `folder:` (or `name:`), where a reader expects it. */
function insertTrigger(doc: Document, flow: YAMLMap, ref: string): void {
  const pair = doc.createPair('trigger', ref);
  const after = Math.max(flow.items.findIndex((p) => keyIs(p, 'folder')), flow.items.findIndex((p) => keyIs(p, 'name')));
  flow.items.splice(after + 1, 0, pair);
}

function appendCard(doc: Document, flow: YAMLMap, entry: Node): void {
  const cards = flow.get('cards', true);
  if (isSeq(cards)) {
    cards.items.push(entry);
    return;
  }
  const seq = doc.createNode([]) as YAMLSeq;
  seq.flow = false;
  seq.items.push(entry);
  flow.set('cards', seq); // replaces `cards:` with no value, or appends the key
}
