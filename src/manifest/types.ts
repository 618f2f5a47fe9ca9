import type { CatalogCard, ConnectorKey, EndpointRow } from '../catalog/types';
import type { SourceLoc } from '../util/diagnostics';

export const DEFAULT_APP_LABEL = 'Okta Workflows OAuth';

export interface OrgDecl {
  name: string;
  domain: string;
  /** `https://<domain>`; the authorization server issuer for the grants. */
  issuer: string;
  app: { label: string; id?: string };
  loc: SourceLoc;
}

/** A card from `customCards`: one the built-in catalog does not know yet. */
export interface CustomCardDecl {
  connector: ConnectorKey;
  name: string;
  key?: string;
  kind: 'action' | 'event';
  scopes: string[];
  source?: string;
  loc: SourceLoc;
}

export interface ApiCall {
  method: string;
  /** The path as written (ids may be concrete or `{param}`). */
  path: string;
  endpoint: EndpointRow;
}

/** One card a flow uses, already looked up in the catalog (or in customCards). */
export type CardUse =
  | { origin: 'catalog'; ref: string; card: CatalogCard; call?: ApiCall; loc: SourceLoc }
  | { origin: 'custom'; ref: string; card: CustomCardDecl; loc: SourceLoc }
  /** An event card the catalog does not know: the connector's event rule still applies (warned). */
  | { origin: 'unknown-event'; ref: string; connector: ConnectorKey; name: string; loc: SourceLoc };

export interface FlowDecl {
  name: string;
  folder?: string;
  /** Org names the flow runs in; undefined means every org. */
  orgs?: string[];
  trigger?: CardUse;
  cards: CardUse[];
  loc: SourceLoc;
}

export interface ExtraScopeDecl {
  scope: string;
  reason: string;
  /** Org names; undefined means every org. */
  orgs?: string[];
  loc: SourceLoc;
}

export interface Manifest {
  file: string;
  version: 1;
  orgs: OrgDecl[];
  flows: FlowDecl[];
  extraScopes: ExtraScopeDecl[];
  customCards: CustomCardDecl[];
}
