import { isPlainObject } from '../../util/json';
import { formatPath, type PathSeg } from '../../util/yaml-locator';
import { globMatch, hasWildcard, isValidGlob } from '../risk/glob';
import { list, str, type ManifestContext, type Obj } from './context';
import type { ExtraScopeDecl, InferredAck, PolicyDecl, PolicyRule, Suppression } from './types';
import { isDerived } from '../catalog/types';

/** `extraScopes:` and `policy:`: scopes granted beyond what cards need, and the declaration's own rules. */

const RISK_LEVELS = ['high', 'medium', 'low'];

export function extraScope(ctx: ManifestContext, e: unknown, path: PathSeg[]): ExtraScopeDecl[] {
  if (!isPlainObject(e)) return [];
  const scope = str(e.scope)?.trim();
  const reason = str(e.reason)?.trim();
  const orgs = Array.isArray(e.orgs) ? e.orgs.filter((o): o is string => typeof o === 'string') : undefined;
  orgs?.forEach((o, j) => ctx.checkOrgRef(o, [...path, 'orgs', j], `extra scope \`${scope ?? '?'}\``));
  if (!scope || !ctx.checkScope(scope, [...path, 'scope'])) return [];
  if (ctx.catalog.isOidcDefault(scope)) {
    ctx.warn('auto-granted', [...path, 'scope'], `\`${scope}\` is an OIDC scope granted automatically at authorization; wf-scopes never emits it`, 'remove this entry');
    return [];
  }
  if (!reason) return [];
  return [{ scope, reason, ...(orgs ? { orgs } : {}), loc: ctx.at.loc(path) }];
}

export function policy(ctx: ManifestContext, p: Obj): PolicyDecl {
  const patterns = (key: 'deny' | 'requireReason') =>
    list(p[key]).flatMap((v, i) => {
      const path: PathSeg[] = ['policy', key, i];
      if (typeof v !== 'string') return [];
      const pattern = v.trim();
      if (key === 'requireReason' && RISK_LEVELS.includes(pattern.toLowerCase())) return [{ pattern: pattern.toLowerCase(), loc: ctx.at.loc(path) }];
      checkGlob(ctx, pattern, path);
      return [{ pattern, loc: ctx.at.loc(path) }];
    });
  const suppressions: Suppression[] = list(p.suppressions).flatMap((s, i) => {
    const path: PathSeg[] = ['policy', 'suppressions', i];
    if (!isPlainObject(s) || typeof s.rule !== 'string' || typeof s.reason !== 'string') return [];
    if (typeof s.scope === 'string') checkGlob(ctx, s.scope, [...path, 'scope']);
    if (typeof s.expires === 'string' && Number.isNaN(Date.parse(`${s.expires}T00:00:00Z`))) {
      ctx.error('bad-date', [...path, 'expires'], `\`${s.expires}\` is not a valid date`, 'write YYYY-MM-DD');
    }
    return [
      {
        rule: s.rule as PolicyRule,
        ...(str(s.scope) ? { scope: str(s.scope) } : {}),
        ...(str(s.card) ? { card: str(s.card) } : {}),
        ...(str(s.flow) ? { flow: str(s.flow) } : {}),
        reason: s.reason,
        ...(str(s.expires) ? { expires: str(s.expires) } : {}),
        loc: ctx.at.loc(path),
      },
    ];
  });
  return {
    deny: patterns('deny'),
    requireReason: patterns('requireReason'),
    allowInferred: p.allowInferred !== false,
    acknowledgeInferred: acknowledgements(ctx, list(p.acknowledgeInferred)),
    suppressions,
    loc: ctx.at.loc(['policy']),
  };
}

/**
 * `acknowledgeInferred`: each card must be a catalog card (a typo gets a did-you-mean). One whose scopes
 * are all stated, or a custom card (its scopes are the declaration's own), has nothing to acknowledge.
 */
function acknowledgements(ctx: ManifestContext, entries: unknown[]): InferredAck[] {
  return entries.flatMap((e, i) => {
    const path: PathSeg[] = ['policy', 'acknowledgeInferred', i];
    if (!isPlainObject(e) || typeof e.card !== 'string' || typeof e.reason !== 'string' || !/\S/.test(e.reason)) return [];
    const ref = e.card.trim();
    const hit = ctx.lookup(ref);
    if ('unknown' in hit) {
      if (hit.unknown === 'connector') ctx.unknownConnector(ref, [...path, 'card']);
      else ctx.unknownCard(ref, [...path, 'card']);
      return [];
    }
    if ('custom' in hit || !isDerived(hit.card.confidence)) {
      const why = 'custom' in hit ? 'it is a custom card: its scopes are the ones declared' : "Okta states all of the card's scopes";
      ctx.warn('nothing-to-acknowledge', [...path, 'card'], `\`${ref}\` has no inferred scopes to acknowledge: ${why}`, 'remove this entry');
      return [];
    }
    return [{ ref, card: `${hit.card.connector}/${hit.card.name}`, reason: e.reason.trim(), loc: ctx.at.loc(path) }];
  });
}

/** A policy glob that matches no known scope is almost always a typo. */
function checkGlob(ctx: ManifestContext, pattern: string, path: PathSeg[]): void {
  if (!hasWildcard(pattern)) {
    ctx.checkScope(pattern, path);
    return;
  }
  if (!isValidGlob(pattern)) {
    ctx.error('bad-glob', path, `\`${pattern}\` is not a scope glob`, 'use scope characters and `*`, e.g. `okta.roles.*`');
    return;
  }
  if (!ctx.catalog.scopes.some((s) => globMatch(pattern, s.name))) {
    ctx.warn('glob-matches-nothing', path, `\`${pattern}\` matches no known scope`, `check the pattern at ${formatPath(path)}`);
  }
}
