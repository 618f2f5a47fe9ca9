/**
 * Typed view of one Okta Workflows export (`.flow`, `.folder`, `.flopack`), as read by `readExport`.
 * The format is described in `shared/okta/flow-format.md`; section numbers below refer to it.
 */

/** How a flow is started (§2 "Flow kind"); `unknown` covers flows run by hand (no start card). */
export type FlowKind = 'event' | 'api' | 'delegated' | 'scheduled' | 'helper' | 'unknown';

/** Where a Custom API Action's URL came from: typed in, wired from another card, or absent. */
export type UrlSource = 'literal' | 'wired' | 'missing';

/** The call a Custom API Action card makes, recovered statically (§5). */
export interface CustomApiCall {
  /** Upper-case HTTP method when it is known for certain, otherwise null. */
  method: string | null;
  /**
   * The relative URL. Parts known only at run time appear as `{Card Title.Output}` placeholders, which
   * read like `{param}` segments of an endpoint template. Null when no usable path could be recovered.
   */
  path: string | null;
  /** True when `path` is literal or a template with at least one literal path segment. */
  resolved: boolean;
  /** When unresolved: what the URL was made of, e.g. `{Helper Flow.relative URL}`. */
  placeholder?: string;
  /** Whether the URL input was typed, wired from another card, or left empty. */
  source: UrlSource;
  /**
   * Why the call is less known than its export tells: the URL passed WF_SCOPES_MAX_PATH_CHARS, or the
   * flow's wires took more than WF_SCOPES_MAX_FLOW_STEPS steps to follow. Absent otherwise.
   */
  note?: string;
}

export interface ExportCard {
  /** Connector key for matching (`address[3]`, a trailing `_<32 hex>` id removed). */
  connector: string;
  /** Connector key exactly as in the address. */
  rawConnector: string;
  /** Action key for matching: `node.key` with a connector-builder suffix removed. */
  key: string;
  /** `node.key` as exported, e.g. `customApiAction_KC4ijKL5WC`. */
  rawKey: string;
  /** Card title shown in the Console (`node.data.name`); users may rename it. */
  title: string;
  /** True for an event (trigger) card: `node.model.webhook === true`. */
  event: boolean;
  /** 0 for the flow's own `methods`; +1 for each embedded sub-flow it sits in. */
  depth: number;
  /** JSON-path-like pointer to the card within the export, for messages. */
  path: string;
  uuid: string;
  /** Connector version (`address[4]`); varies between orgs, never use it for identity. */
  version: string;
  /** Present on Custom API Action cards only. */
  customApi?: CustomApiCall;
}

export interface ExportFlow {
  id: string;
  /** Display name: the exported name with surrounding whitespace trimmed. */
  name: string;
  /** Name exactly as exported (may carry trailing spaces). */
  rawName: string;
  /** Name of the flow's folder, when the export contains that folder. */
  folder?: string;
  /** True for a `data: null` placeholder of a flow the export references but does not contain. */
  stub: boolean;
  kind: FlowKind;
  /** Connector cards only (function cards and the Tables/API Connector/Files connectors are left out). */
  cards: ExportCard[];
}

export interface FlowExport {
  file: string;
  /** Format version, e.g. `1.5.0`. */
  version: string;
  flows: ExportFlow[];
  /** Things read past but worth telling the user (newer version, odd cards, duplicate ids). */
  warnings: string[];
}

/** Why an export could not be read; stable for callers and tests. */
export type ExportErrorCode =
  | 'not-found'
  | 'unreadable'
  | 'not-a-file'
  | 'too-large'
  | 'not-utf8'
  | 'empty'
  | 'not-json'
  | 'truncated'
  | 'too-deep'
  | 'not-flopack'
  | 'unsupported-version'
  | 'malformed'
  | 'symlink-loop';

/** A position in the text: 0-based character offset, 1-based line and column. */
export interface TextPosition {
  offset: number;
  line: number;
  column: number;
}

export type ExportReadResult =
  | { ok: true; export: FlowExport }
  | { ok: false; file: string; code: ExportErrorCode; reason: string; position?: TextPosition };
