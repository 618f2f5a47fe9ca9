import type { CustomApiCall, ExportErrorCode, FlowKind } from '../../sources/flows/types';

/** A Custom API Action call as scanned: the reader's recovery plus the Okta endpoint it matched. */
export interface ScannedCall {
  method: string | null;
  path: string | null;
  resolved: boolean;
  source: CustomApiCall['source'];
  placeholder?: string;
  /** Why the call is less known than the export tells (a URL past the length cap, a flow past the step budget). */
  note?: string;
  /** The endpoint template of endpoint-scopes.tsv the call matched; null when none did. */
  endpoint: { method: string; path: string; operationId: string } | null;
}

/** One Okta-family card of one flow, looked up in the catalog. */
export interface ScannedCard {
  /** Connector key, e.g. `okta`, `oktadevices`, `oktaprivilegedaccess`. */
  connector: string;
  /** Action key without a connector-builder suffix, e.g. `readUser`, `customApiAction`. */
  key: string;
  /** Canonical catalog name (`Read User`); null when the catalog does not know the card. */
  name: string | null;
  /** The reference as written in scopes.yaml (`Okta/Read User`); null when unknown. */
  ref: string | null;
  /** The title the author gave the card in the Console (may be renamed). */
  title: string;
  event: boolean;
  /** Scopes the card needs, sorted: the catalog's, the endpoint's for a Custom API call, or the
   *  connector's event scopes for an event card the catalog does not know. */
  scopes: string[];
  /** Custom API Action cards only; null otherwise. */
  customApi: ScannedCall | null;
  /** Why the card is not in the catalog, when it is not. */
  unknown?: 'connector-not-covered' | 'card-not-in-catalog';
}

export interface ScannedFlow {
  name: string;
  id: string;
  folder?: string;
  kind: FlowKind;
  /** Okta-family cards in the reader's walk order (document order, sub-flows where they sit). */
  cards: ScannedCard[];
  /** Connector cards of other applications (Slack, Jira, …): not Okta API calls, only counted. */
  otherCards: number;
}

export interface ScannedExport {
  /** Relative to the working folder when inside it, else absolute; always with `/`. */
  file: string;
  version: string;
  /** Flows sorted by name, then id. Stubs (flows referenced but not exported) are left out. */
  flows: ScannedFlow[];
  /** Names of the stub flows this export references but does not contain, sorted. */
  stubs: string[];
  warnings: string[];
}

/** A card the catalog does not know, counted over every export. */
export interface UnknownCard {
  connector: string;
  key: string;
  /** Title, file and flow of the first occurrence (exports sorted by file, flows by name). */
  title: string;
  count: number;
  file: string;
  flow: string;
  reason: 'connector-not-covered' | 'card-not-in-catalog';
}

export interface ScanError {
  file: string;
  code: ExportErrorCode;
  reason: string;
  line?: number;
  column?: number;
}

export interface ScanTotals {
  exports: number;
  flows: number;
  stubFlows: number;
  /** Every Okta-family card (connector key starting with `okta`). */
  oktaCards: number;
  /** Of those, the cards of the connectors the catalog covers (okta, oktadevices, oktarealms). */
  catalogConnectorCards: number;
  /** Distinct `connector/key` pairs among the Okta-family cards. */
  distinctCards: number;
  customApiCards: number;
  /** Custom API calls whose path is known and matches an Okta endpoint. */
  customApiMatched: number;
  /** Custom API calls whose path is only known at run time. */
  customApiUnresolved: number;
  unknownCards: number;
  otherCards: number;
  errors: number;
  /** The union of the scopes the scanned cards need, sorted, auto-granted defaults left out. */
  scopes: string[];
}

export interface ScanReport {
  /** Sorted by file. */
  exports: ScannedExport[];
  /** Sorted by connector, then key. */
  unknownCards: UnknownCard[];
  /** Sorted by file. */
  errors: ScanError[];
  /** Paths a folder walk passed over (content not an export, symlink leading out of the folder walked); sorted. */
  skipped: { file: string; reason: string }[];
  totals: ScanTotals;
}
