import { isDerived, type Catalog } from '../catalog/types';
import type { CardUse, FlowDecl, Manifest, PolicyDecl, PolicyRule, Suppression } from '../manifest/types';
import type { Resolution, ResolvedScope } from '../resolve/types';
import { globMatch, riskOf, type RiskLevel } from '../risk';
import type { SourceLoc } from '../../util/diagnostics';
import { commandEnv } from '../../util/command-env';

/** One breach of a policy rule, in one org. */
export interface PolicyFinding {
  rule: PolicyRule | 'expiredSuppression';
  org: string;
  scope?: string;
  flow?: string;
  card?: string;
  message: string;
  loc: SourceLoc;
}

export interface PolicyResult {
  /** Breaches no live suppression covers, and every expired suppression. */
  violations: PolicyFinding[];
  /** Breaches a live suppression covers, with that suppression's reason. */
  suppressed: (PolicyFinding & { suppression: { reason: string; expires?: string; loc: SourceLoc } })[];
  /** Suppressions that matched nothing: stale exceptions worth removing. */
  unused: Suppression[];
}

const EMPTY: PolicyResult = { violations: [], suppressed: [], unused: [] };

/**
 * Evaluates `policy` over the resolved scopes. Pure: `today` (YYYY-MM-DD) is passed in so that
 * expiry is testable and a CI run is reproducible.
 */
export function evaluatePolicy(manifest: Manifest, resolution: Resolution, catalog: Catalog, today: string): PolicyResult {
  const policy = manifest.policy;
  if (!policy) return EMPTY;
  const raw: PolicyFinding[] = [];
  for (const org of resolution.orgs) {
    for (const s of org.scopes) {
      const deny = policy.deny.find((d) => globMatch(d.pattern, s.scope));
      if (deny) raw.push(...denyFindings(org.name, s, deny.pattern));
      const require = requiresReason(policy, s.scope);
      if (require && s.reasons.length === 0) {
        // Justified by an extraScopes reason for the scope, or else by a reason on every flow using it.
        // Per declared flow: two flows may share a name in different folders, so the flow is the one
        // whose card sits at the need's line (by name only when no card matches).
        const flows = new Map<FlowDecl | string, { flow: string; loc: SourceLoc }>();
        for (const n of s.neededBy) {
          const decl = declaringFlow(manifest, n.flow, n.loc) ?? n.flow;
          if (!flows.has(decl)) flows.set(decl, { flow: n.flow, loc: n.loc });
        }
        for (const [decl, { flow, loc }] of flows) {
          if (typeof decl !== 'string' && decl.reason) continue;
          raw.push({
            rule: 'requireReason',
            org: org.name,
            scope: s.scope,
            flow,
            message: `\`${s.scope}\` (${require}) needs a justification: flow \`${flow}\` has no \`reason:\` and extraScopes does not list it`,
            loc,
          });
        }
      }
    }
    if (!policy.allowInferred) {
      for (const flow of manifest.flows) {
        if (flow.orgs && !flow.orgs.includes(org.name)) continue;
        for (const use of flow.trigger ? [flow.trigger, ...flow.cards] : flow.cards) {
          if (!isInferred(use)) continue;
          raw.push({
            rule: 'allowInferred',
            org: org.name,
            flow: flow.name,
            card: use.ref,
            message: `\`${use.ref}\` has only inferred scopes (${use.card.scopes.join(', ')}) and policy sets \`allowInferred: false\``,
            loc: use.loc,
          });
        }
      }
    }
  }
  return applySuppressions(raw, policy, catalog, today);
}

/**
 * A denied scope: one finding per flow and card that needs it (at that card's line), and one per
 * extraScopes entry that lists it. Each names its flow and card, so that a suppression scoped with
 * `flow:` or `card:` covers exactly the uses it names, and a new flow needing the scope is a new finding.
 */
function denyFindings(org: string, s: ResolvedScope, pattern: string): PolicyFinding[] {
  const out: PolicyFinding[] = [];
  const seen = new Set<string>();
  const head = `\`${s.scope}\` is denied by policy (\`${pattern}\`)`;
  for (const n of s.neededBy) {
    const card = `${n.connector}/${n.card}`;
    const call = n.call ? ` (${n.call.method} ${n.call.path})` : '';
    const key = `${n.flow}\0${card}${call}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rule: 'deny', org, scope: s.scope, flow: n.flow, card, message: `${head}: needed by ${card}${call} in flow \`${n.flow}\``, loc: n.loc });
  }
  for (const r of s.reasons) {
    out.push({ rule: 'deny', org, scope: s.scope, message: `${head}: listed under extraScopes (${r.reason})`, loc: r.loc });
  }
  return out;
}

function declaringFlow(manifest: Manifest, name: string, at: SourceLoc): FlowDecl | undefined {
  const named = manifest.flows.filter((f) => f.name === name);
  const here = named.find((f) => (f.trigger ? [f.trigger, ...f.cards] : f.cards).some((u) => u.loc.file === at.file && u.loc.line === at.line && u.loc.column === at.column));
  return here ?? named[0];
}

function isInferred(use: CardUse): use is Extract<CardUse, { origin: 'catalog' }> {
  return use.origin === 'catalog' && !use.call && isDerived(use.card.confidence);
}

/** The phrase saying why a reason is required (`high risk`, `matches okta.users.*`), or undefined. */
function requiresReason(policy: PolicyDecl, scope: string): string | undefined {
  let level: RiskLevel | undefined;
  for (const r of policy.requireReason) {
    if (r.pattern === 'high' || r.pattern === 'medium' || r.pattern === 'low') {
      level ??= riskOf(scope).level;
      if (level === r.pattern) return `${level} risk`;
    } else if (globMatch(r.pattern, scope)) return `matches \`${r.pattern}\``;
  }
  return undefined;
}

function applySuppressions(raw: PolicyFinding[], policy: PolicyDecl, catalog: Catalog, today: string): PolicyResult {
  const violations: PolicyFinding[] = [];
  const suppressed: PolicyResult['suppressed'] = [];
  const used = new Set<Suppression>();
  const live = policy.suppressions.filter((s) => !s.expires || s.expires >= today);
  for (const s of policy.suppressions) {
    if (s.expires && s.expires < today) {
      violations.push({
        rule: 'expiredSuppression',
        org: '*',
        ...(s.scope ? { scope: s.scope } : {}),
        message: `suppression of \`${s.rule}\`${s.scope ? ` for \`${s.scope}\`` : ''} expired on ${s.expires} (reason was: ${s.reason})`,
        loc: s.loc,
      });
    }
  }
  for (const f of raw) {
    const hit = live.find((s) => covers(s, f, catalog));
    if (hit) {
      used.add(hit);
      suppressed.push({ ...f, suppression: { reason: hit.reason, ...(hit.expires ? { expires: hit.expires } : {}), loc: hit.loc } });
    } else violations.push(f);
  }
  const unused = live.filter((s) => !used.has(s));
  const order = (a: PolicyFinding, b: PolicyFinding) =>
    a.loc.line - b.loc.line || a.loc.column - b.loc.column || (a.org < b.org ? -1 : a.org > b.org ? 1 : 0) || (a.message < b.message ? -1 : 1);
  return { violations: violations.sort(order), suppressed: suppressed.sort(order), unused };
}

function covers(s: Suppression, f: PolicyFinding, catalog: Catalog): boolean {
  if (s.rule !== f.rule) return false;
  if (s.scope && !(f.scope && globMatch(s.scope, f.scope))) return false;
  // Flow names compare as the loader compares them: trimmed, case-insensitive.
  if (s.flow && !(f.flow !== undefined && sameName(s.flow, f.flow))) return false;
  if (s.card) {
    if (!f.card) return false;
    const a = catalog.findCard(s.card);
    const b = catalog.findCard(f.card);
    if (!(a.ok && b.ok && a.card === b.card) && s.card.toLowerCase().replace(/\s+/g, '') !== f.card.toLowerCase().replace(/\s+/g, '')) return false;
  }
  return true;
}

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** `YYYY-MM-DD` of now in UTC; `WF_SCOPES_TODAY` pins it (tests, reproducible CI reruns). */
export function todayUtc(env: NodeJS.ProcessEnv = commandEnv()): string {
  const pinned = env.WF_SCOPES_TODAY;
  if (pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return new Date().toISOString().slice(0, 10);
}

/** How to fix a breach of each policy rule. */
export const POLICY_FIX: Readonly<Record<PolicyFinding['rule'], string>> = {
  deny: 'remove the card or scope, or add a policy suppression (rule, scope, and the flow or card) with a reason',
  requireReason: 'add `reason:` to the flow, or list the scope under extraScopes with a reason',
  allowInferred: 'confirm the scopes and declare the card under customCards, or add a suppression with a reason',
  expiredSuppression: 'renew the suppression with a new date and reason, or remove it',
};
