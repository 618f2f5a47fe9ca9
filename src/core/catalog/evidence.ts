// Evidence per scope: what each level must cite, and the second pass that resolves analogies between cards.
import { normalize } from '../../util/suggest';
import { EVIDENCE_LEVELS, type CatalogCard, type ConnectorInfo, type Evidence, type ScopeEvidence } from './types';
import type { YamlPath, YamlReader } from './yaml-reader';

/** The kind of page each evidence level must cite: the level says what the source is. */
const SOURCE_KINDS: Record<Evidence, { pattern: RegExp; what: string }> = {
  stated: { pattern: /^https:\/\/(help|support)\.okta\.com\//, what: 'an Okta help or support page (help.okta.com, support.okta.com)' },
  template: { pattern: /^https:\/\/github\.com\/okta\/workflows-templates\//, what: 'an official template (github.com/okta/workflows-templates)' },
  inferred: { pattern: /^https:\/\/github\.com\/okta\/okta-management-openapi-spec\//, what: 'the OpenAPI spec (github.com/okta/okta-management-openapi-spec)' },
  analogy: { pattern: /^https:\/\/(help|support)\.okta\.com\//, what: "the analogous card's Okta page" },
};

/** A scope's evidence before analogies are resolved against the other cards. */
export interface PendingEvidence {
  scope: string;
  evidence: Evidence;
  source?: string;
  like?: string;
  /** Path of the YAML node, for the line of an error found in the second pass. */
  path: YamlPath;
}

/** The level's source must be of its kind; an analogy names its card instead of (or besides) a source. */
export function checkSourceKind(r: YamlReader, where: string, ev: Omit<PendingEvidence, 'scope'>, field: string): void {
  if (ev.evidence === 'analogy') {
    if (ev.like === undefined) r.fail(where, 'evidence analogy needs `like: Connector/Card`, the card whose stated row it follows', field);
  } else if (ev.like !== undefined) {
    r.fail(where, `\`like\` is only for evidence analogy, not ${ev.evidence}`, 'like');
  }
  if (ev.source === undefined) {
    if (ev.evidence !== 'analogy') r.fail(where, `evidence ${ev.evidence} needs a source`, field);
    return;
  }
  const kind = SOURCE_KINDS[ev.evidence];
  if (!kind.pattern.test(ev.source)) {
    r.fail(where, `evidence ${ev.evidence} must cite ${kind.what}, not ${ev.source}`, field);
  }
}

/** The weakest of the levels (stated is strongest); `fallback` when there are none. */
function weakest(levels: readonly Evidence[], fallback: Evidence): Evidence {
  let worst = -1;
  for (const l of levels) worst = Math.max(worst, EVIDENCE_LEVELS.indexOf(l));
  return worst < 0 ? fallback : EVIDENCE_LEVELS[worst] ?? fallback;
}

/**
 * Second pass: an analogy cites a card of the catalog whose own evidence for the scope is stated.
 * Sets each card's evidence from its pending rows, and its confidence to the weakest of them.
 */
export function resolveEvidence(
  r: YamlReader,
  connectors: readonly ConnectorInfo[],
  cards: readonly CatalogCard[],
  pending: ReadonlyMap<CatalogCard, readonly PendingEvidence[]>,
  checked: (url: string) => string,
): void {
  const nameOf = new Map(connectors.map((c) => [c.key, c.name]));
  const byRef = new Map(cards.map((c) => [normalize(`${nameOf.get(c.connector) ?? c.connector}/${c.name}`), c]));
  const resolved = new Map<CatalogCard, ScopeEvidence[]>();
  const resolve = (card: CatalogCard, stack: Set<CatalogCard>): ScopeEvidence[] => {
    const done = resolved.get(card);
    if (done) return done;
    const at = `card "${nameOf.get(card.connector) ?? card.connector}/${card.name}"`;
    const out: ScopeEvidence[] = [];
    for (const ev of pending.get(card) ?? []) {
      r.at = ev.path;
      if (ev.evidence !== 'analogy') {
        const source = ev.source ?? card.source;
        out.push({ scope: ev.scope, evidence: ev.evidence, source, checked: checked(source) });
        continue;
      }
      const analog = ev.like === undefined ? undefined : byRef.get(normalize(ev.like));
      if (!analog) r.fail(at, `${ev.scope}: analogy to "${ev.like ?? '?'}", which is not a card of the catalog`, 'like');
      if (stack.has(analog)) r.fail(at, `${ev.scope}: analogies form a cycle through "${ev.like ?? '?'}"`, 'like');
      const theirs = resolve(analog, new Set(stack).add(card)).find((x) => x.scope === ev.scope);
      r.at = ev.path;
      if (!theirs || theirs.evidence !== 'stated') {
        r.fail(at, `${ev.scope}: the analogous card "${ev.like ?? '?'}" does not state it (${theirs ? theirs.evidence : 'not among its scopes'})`, 'like');
      }
      out.push({
        scope: ev.scope,
        evidence: 'analogy',
        source: theirs.source,
        like: `${nameOf.get(analog.connector) ?? analog.connector}/${analog.name}`,
        checked: theirs.checked,
      });
    }
    resolved.set(card, out);
    return out;
  };
  for (const card of cards) {
    card.evidence = resolve(card, new Set());
    card.confidence = weakest(card.evidence.map((e) => e.evidence), card.confidence);
  }
}
