import type { Catalog, CatalogCard, ConnectorKey, EndpointMatch } from '../catalog/types';
import type { Diagnostic, SourceLoc } from '../../util/diagnostics';
import { closest, SuggestionBudget } from '../../util/suggest';
import { formatPath, type Locator, type PathSeg } from '../../util/yaml-locator';
import type { CustomCardDecl } from './types';

export type Obj = Record<string, unknown>;
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, '');

/** A card reference looked up: a catalog card, a custom card, or what is unknown about it. */
export type CardLookup = { card: CatalogCard } | { custom: CustomCardDecl } | { unknown: 'connector' | 'card'; connector?: ConnectorKey };

/**
 * What every section of the semantic pass (load.ts's `build`) shares: where it reports, the catalog it
 * checks names against, the custom cards and org names declared so far, and the card and endpoint look-ups.
 */
export class ManifestContext {
  readonly custom = new Map<string, CustomCardDecl>();
  orgNames: string[] = [];

  constructor(
    readonly file: string,
    readonly at: Locator,
    readonly catalog: Catalog,
    readonly out: Diagnostic[],
    /** Paths the schema pass already reported; the semantic pass does not repeat itself there. */
    readonly failed: Set<string>,
    readonly lenient: boolean,
    readonly cwd: string | undefined,
  ) {}

  schemaFailedWithin(path: readonly PathSeg[]): boolean {
    if (this.failed.size === 0) return false;
    const p = formatPath(path);
    for (const f of this.failed) if (f === p || f.startsWith(`${p}.`) || f.startsWith(`${p}[`)) return true;
    return false;
  }

  error(code: string, path: readonly PathSeg[], message: string, hint?: string, loc?: SourceLoc): void {
    this.out.push({ severity: 'error', code, loc: loc ?? this.at.loc(path), message, hint });
  }
  warn(code: string, path: readonly PathSeg[], message: string, hint?: string): void {
    this.out.push({ severity: 'warning', code, loc: this.at.loc(path), message, hint });
  }
  /** A condition after which an apply would revoke a grant the author meant to keep: fail closed. */
  unsafe(code: string, path: readonly PathSeg[], message: string, hint?: string): void {
    if (this.lenient) this.warn(code, path, message, hint);
    else this.error(code, path, message, hint);
  }

  unknownConnector(ref: string, path: PathSeg[]): void {
    const slash = ref.indexOf('/');
    const conn = slash > 0 ? ref.slice(0, slash).trim() : ref;
    const names = this.catalog.connectors.map((c) => c.name);
    const guess = closest(conn, names, 1);
    this.error(
      'unknown-connector',
      path,
      slash > 0 ? `unknown connector \`${conn}\` in \`${ref}\`` : `\`${ref}\` does not name a connector; expected \`Connector/Card Name\``,
      guess.length && slash > 0 ? `did you mean \`${guess[0]}/${ref.slice(slash + 1).trim()}\`? Known connectors: ${names.join(', ')}` : `known connectors: ${names.join(', ')}; e.g. \`Okta/Read User\``,
    );
  }

  /** Each Custom API call (`METHOD path`) matched against the endpoint catalog once. */
  readonly endpoints = new Map<string, EndpointMatch | null>();

  /** A large declaration names the same few dozen cards thousands of times: look each name up once. */
  private readonly looked = new Map<string, CardLookup>();

  /** Looks a card reference up in the catalog, then in customCards. */
  lookup(ref: string): CardLookup {
    let hit = this.looked.get(ref);
    if (!hit) this.looked.set(ref, (hit = this.lookupUncached(ref)));
    return hit;
  }

  private lookupUncached(ref: string): CardLookup {
    const found = this.catalog.findCard(ref);
    if (found.ok) return { card: found.card };
    const slash = ref.indexOf('/');
    const connector = slash > 0 ? this.catalog.connector(ref.slice(0, slash)) : undefined;
    if (connector) {
      const custom = this.custom.get(norm(`${connector.key}/${ref.slice(slash + 1)}`));
      if (custom) return { custom };
      return { unknown: 'card', connector: connector.key };
    }
    return { unknown: 'connector' };
  }

  /** Did-you-mean look-ups for unknown cards: the first ones in the file get them (see SuggestionBudget). */
  private readonly suggestions = new SuggestionBudget();

  unknownCard(ref: string, path: PathSeg[], what = 'card'): void {
    if (!this.suggestions.take()) {
      this.error('unknown-card', path, `unknown ${what} \`${ref}\``, `check the card name in the Workflows console, or declare it under customCards with its scopes (no suggestion looked for: more than ${this.suggestions.max} unknown cards)`);
      return;
    }
    const fromCatalog = this.catalog.suggestCards(ref, 3);
    const customRefs = [...new Set(this.custom.values())].map((c) => `${this.catalog.connector(c.connector)?.name}/${c.name}`);
    const guesses = [...new Set([...closest(ref, customRefs, 1), ...fromCatalog])].slice(0, 3);
    this.error(
      'unknown-card',
      path,
      `unknown ${what} \`${ref}\``,
      guesses.length
        ? `did you mean ${guesses.map((g) => `\`${g}\``).join(' or ')}? A card Okta added recently can be declared under customCards`
        : 'check the card name in the Workflows console, or declare it under customCards with its scopes',
    );
  }

  /**
   * An org name that is not declared: the entry's scopes would silently go missing from the org meant,
   * and its next apply would revoke them.
   */
  checkOrgRef(name: string, path: PathSeg[], owner: string): void {
    if (this.orgNames.includes(name)) return;
    const guess = closest(name, this.orgNames, 1);
    this.unsafe(
      'unknown-org',
      path,
      `${owner} names org \`${name}\`, which is not declared under orgs: its scopes would be left out of the org meant, and an apply there would revoke them`,
      guess.length ? `did you mean \`${guess[0]}\`? Declared orgs: ${this.orgNames.join(', ')}` : `declared orgs: ${this.orgNames.join(', ') || '(none)'}`,
    );
  }

  checkScope(scope: string, path: PathSeg[]): boolean {
    if (this.catalog.scope(scope)) return true;
    const guess = this.catalog.suggestScopes(scope, 2);
    this.error('unknown-scope', path, `unknown scope \`${scope}\``, guess.length ? `did you mean ${guess.map((g) => `\`${g}\``).join(' or ')}?` : 'see the Okta OAuth scope list');
    return false;
  }
}
