import { isPlainObject } from '../../util/json';
import type { PathSeg } from '../../util/yaml-locator';
import { list, norm, str, type ManifestContext } from './context';
import type { CustomCardDecl } from './types';

/** `customCards:`: cards the catalog does not know yet, declared with their scopes. */

export function customCards(ctx: ManifestContext, items: unknown[]): CustomCardDecl[] {
  const out: CustomCardDecl[] = [];
  items.forEach((c, i) => {
    const path: PathSeg[] = ['customCards', i];
    if (!isPlainObject(c)) return;
    const name = str(c.name);
    if (!name) return;
    const slash = name.indexOf('/');
    const connector = slash > 0 ? ctx.catalog.connector(name.slice(0, slash)) : undefined;
    if (!connector) {
      ctx.unknownConnector(name, [...path, 'name']);
      return;
    }
    const cardName = name.slice(slash + 1).trim();
    const known = ctx.catalog.findCard(name);
    if (known.ok) {
      ctx.error('custom-shadows-catalog', [...path, 'name'], `\`${name}\` is already in the built-in catalog as \`${ctx.catalog.refOf(known.card)}\``, 'remove it from customCards; the catalog entry is used');
      return;
    }
    const scopes = list(c.scopes).filter((s): s is string => typeof s === 'string');
    scopes.forEach((s, j) => ctx.checkScope(s, [...path, 'scopes', j]));
    const decl: CustomCardDecl = {
      connector: connector.key,
      name: cardName,
      ...(str(c.key) ? { key: str(c.key) } : {}),
      kind: c.kind === 'event' ? 'event' : 'action',
      scopes: [...new Set(scopes)].sort(),
      ...(str(c.source) ? { source: str(c.source) } : {}),
      loc: ctx.at.loc(path),
    };
    const k = norm(`${connector.key}/${cardName}`);
    if (ctx.custom.has(k)) ctx.error('duplicate-custom-card', [...path, 'name'], `custom card \`${name}\` is declared twice`);
    ctx.custom.set(k, decl);
    if (decl.key) ctx.custom.set(norm(`${connector.key}/${decl.key}`), decl);
    out.push(decl);
  });
  return out;
}
