import type { ExportCard, ExportFlow, ExportReadResult, FlowExport, FlowKind } from './types';
import { stripBuilderSuffix } from '../../util/keys';
import { FlowResolver, isCustomApiKey, resolveCustomApi, type ResolveLimits } from './custom-api';
import { FlowIndex, type IndexedCard } from './flow-index';
import { locateJsonError } from './json-error';
import { isPlainObject } from '../../util/json';
import { asObject, dig, str, type JsonObject } from './json';
import { limit, LIMIT_ENV } from '../../util/limits';
import { jsonTooDeep } from '../../util/nesting';

/** Format versions seen in real exports (§8). */
export const KNOWN_VERSIONS: readonly string[] = ['1.2.0', '1.3.0', '1.4.0', '1.5.0'];

/** Real exports nest sub-flows 3 deep; a bound keeps hostile input from overflowing the stack. */
export const MAX_NESTING = 32;

/** Built-in "function connectors" under `root:channels:http:` (§9): not applications. */
const FUNCTION_CONNECTORS = new Set(['stash', 'httpfunctions', 'filefunctions']);

/** True for the Okta family: `okta`, `oktadevices`, `oktarealms`, `oktaprivilegedaccess`, … */
export function isOktaFamily(connector: string): boolean {
  return connector.startsWith('okta');
}

export { stripBuilderSuffix };

/** Some custom connectors carry a 32-hex id: `kandji_edae9b89…` → `kandji`. */
export function stripConnectorSuffix(connector: string): string {
  return connector.replace(/_[0-9a-f]{32}$/i, '');
}

class ReadError extends Error {}

/** Reads the text of one export. Never throws: bad input gives `{ok: false, reason}`. */
export function readExport(text: string, file: string): ExportReadResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, file, code: 'empty', reason: 'the file is empty' };
  // Refused before JSON.parse: 5 MB of `[` would cost seconds and end in a stack overflow.
  const maxDepth = limit('maxDepth');
  const deep = jsonTooDeep(body, maxDepth);
  if (deep) {
    const position = { offset: deep.offset, line: deep.line, column: deep.column };
    return { ok: false, file, code: 'too-deep', position, reason: `nested deeper than ${maxDepth} levels at line ${deep.line}, column ${deep.column} (${LIMIT_ENV.maxDepth}); real exports nest a few dozen` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    const problem = locateJsonError(body);
    if (!problem) {
      // Valid per our scanner yet rejected by V8 (e.g. nesting too deep): report V8's words.
      return { ok: false, file, code: 'not-json', reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    const { line, column, offset } = problem.position;
    const where = `position ${offset} (line ${line}, column ${column})`;
    return problem.truncated
      ? { ok: false, file, code: 'truncated', position: problem.position, reason: `truncated JSON: the text ends at ${where} in the middle of a value; was the file cut short?` }
      : { ok: false, file, code: 'not-json', position: problem.position, reason: `not JSON: ${problem.message} at ${where}` };
  }
  return readParsedExport(doc, file);
}

/** Reads an already-parsed export document. Never throws. */
export function readParsedExport(doc: unknown, file: string): ExportReadResult {
  if (!isPlainObject(doc) || doc.type !== 'flopack') {
    const type = isPlainObject(doc) ? doc.type : undefined;
    const shown = typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : describeJson(type);
    const what = isPlainObject(doc) ? `"type" is ${shown}` : `it is ${describeJson(doc)}`;
    return { ok: false, file, code: 'not-flopack', reason: `not an Okta Workflows export: ${what}, expected "flopack"` };
  }
  // Version before layout: a future major may lay out `data` differently, and saying so helps more.
  const warnings: string[] = [];
  const version = checkVersion(doc.version, warnings);
  if (typeof version !== 'string') return { ok: false, file, code: 'unsupported-version', reason: version.error };
  const flos = dig(doc, 'data', 'flos');
  if (!isPlainObject(flos)) {
    return { ok: false, file, code: 'not-flopack', reason: 'not an Okta Workflows export: it has no "data.flos" object' };
  }

  const groups = dig(doc, 'data', 'groups');
  const flows: ExportFlow[] = [];
  const limits: ResolveLimits = { maxPathChars: limit('maxPathChars'), maxSteps: limit('maxFlowSteps') };
  try {
    for (const [id, flo] of Object.entries(flos)) {
      flows.push(readFlow(id, flo, isPlainObject(groups) ? groups : {}, warnings, limits));
    }
  } catch (e) {
    if (e instanceof ReadError) return { ok: false, file, code: 'malformed', reason: e.message };
    // A bug of ours, not the user's input: still report it as a result rather than crash a whole scan.
    return { ok: false, file, code: 'malformed', reason: `could not read the export: ${e instanceof Error ? e.message : String(e)}` };
  }
  const result: FlowExport = { file, version, flows, warnings };
  return { ok: true, export: result };
}

function describeJson(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The version string, or an error. Unknown 1.x minors are read (the card format has not changed since 1.2). */
function checkVersion(v: unknown, warnings: string[]): string | { error: string } {
  if (typeof v !== 'string') return { error: `the export has no format version ("version" is ${describeJson(v)})` };
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) return { error: `unrecognised format version "${v}" (known: ${KNOWN_VERSIONS.join(', ')})` };
  if (m[1] !== '1') {
    return { error: `unsupported format version ${v}: only 1.x exports can be read (known: ${KNOWN_VERSIONS.join(', ')})` };
  }
  const minor = Number(m[2]);
  if (minor > 5) warnings.push(`format version ${v} is newer than any known (up to 1.5.0); read as 1.5.0, check the results`);
  else if (minor < 2) warnings.push(`format version ${v} is older than any known (from 1.2.0); read as 1.2.0, check the results`);
  return v;
}

function readFlow(mapKey: string, flo: unknown, groups: JsonObject, warnings: string[], limits: ResolveLimits): ExportFlow {
  const base = `$.data.flos[${JSON.stringify(mapKey)}]`;
  if (!isPlainObject(flo)) throw new ReadError(`${base}: a flow must be an object, found ${describeJson(flo)}`);
  const id = str(flo.id) ?? mapKey;
  const rawName = str(flo.name) ?? '';
  if (rawName === '') warnings.push(`${base}: flow has no name`);
  const name = rawName.trim() || id;
  if (flo.data === null || flo.data === undefined) {
    if (flo.data === undefined) warnings.push(`${base}: flow has no "data"; treated as a stub (not exported)`);
    return { id, name, rawName, stub: true, kind: 'unknown', cards: [] };
  }
  const data = flo.data;
  if (!isPlainObject(data)) throw new ReadError(`${base}.data: expected a flow object or null, found ${describeJson(data)}`);
  if (!Array.isArray(data.methods)) throw new ReadError(`${base}.data.methods: a flow must have a "methods" array`);

  const folderName = str(dig(groups, str(data.group) ?? '', 'data', 'name'));
  const walker = new Walker(warnings);
  walker.walk(data.methods, `${base}.data.methods`, 0, undefined);

  // One resolver for the whole flow, made when its first Custom API card needs it (the wires are read
  // then): values shared by several Custom API cards are built once, and one step budget bounds the
  // flow however its wires fan out.
  let resolver: FlowResolver | undefined;
  const cards: ExportCard[] = walker.found.map(({ card, indexed }) => {
    if (!isCustomApiKey(card.key)) return card;
    if (resolver === undefined) {
      walker.index.linkPins();
      resolver = new FlowResolver(walker.index, limits);
    }
    const customApi = resolveCustomApi(indexed, card.key, resolver);
    return customApi ? { ...card, customApi } : card;
  });
  const flow: ExportFlow = { id, name, rawName, stub: false, kind: flowKind(data.methods, data.scheduled), cards };
  if (folderName !== undefined) flow.folder = folderName;
  return flow;
}

/** The trigger is told by the start card (§2): event card, API Endpoint, Delegated, or a callable. */
function flowKind(methods: unknown[], scheduled: unknown): FlowKind {
  const keys = new Set<string>();
  for (const c of methods) {
    if (!isPlainObject(c)) continue;
    if (asObject(asObject(c.node)?.model)?.webhook === true) return 'event';
    keys.add(kernelKey(str(c.address) ?? ''));
  }
  if (keys.has('http:accept')) return 'api';
  if (keys.has('http:delegated')) return 'delegated';
  if (keys.has('control:callable')) return scheduled === true ? 'scheduled' : 'helper';
  return 'unknown';
}

/** `root:kernel:<module>:<ver>:<key>` → `<module>:<key>`; '' for anything else. */
function kernelKey(address: string): string {
  return kernelOf(address.split(':'));
}

/** kernelKey of an address already split at `:`. */
function kernelOf(p: string[]): string {
  return p[0] === 'root' && p[1] === 'kernel' && p.length === 5 ? `${p[2]}:${p[4]}` : '';
}

interface Found {
  card: ExportCard;
  indexed: IndexedCard;
}

/** Walks a flow's cards and every embedded sub-flow (§0, §4), in document order. */
class Walker {
  readonly index = new FlowIndex();
  readonly found: Found[] = [];
  constructor(private readonly warnings: string[]) {}

  walk(methods: unknown[], path: string, depth: number, container: IndexedCard | undefined): void {
    if (depth > MAX_NESTING) throw new ReadError(`${path}: sub-flows nested more than ${MAX_NESTING} deep`);
    for (let i = 0; i < methods.length; i++) this.card(methods[i], `${path}[${i}]`, depth, container);
  }

  private card(raw: unknown, path: string, depth: number, container: IndexedCard | undefined): void {
    if (!isPlainObject(raw)) throw new ReadError(`${path}: a card must be an object, found ${describeJson(raw)}`);
    const address = raw.address;
    if (typeof address !== 'string' || address === '') {
      const found = address === undefined ? '' : ` (it is ${describeJson(address)})`;
      throw new ReadError(`${path}: card without an address${found}; the file looks damaged`);
    }
    const node = asObject(raw.node);
    const model = asObject(node?.model);
    const title = str(asObject(node?.data)?.name) ?? str(asObject(model?.metadata)?.name) ?? '';
    let uuid = str(raw.uuid);
    if (uuid === undefined || uuid === '') {
      this.warnings.push(`${path}: card has no uuid; wires to it cannot be followed`);
      uuid = `@${path}`;
    }
    const parts = address.split(':');
    const indexed: IndexedCard = { uuid, raw, title, kernel: kernelOf(parts) };
    if (container) indexed.container = container;
    if (!this.index.add(indexed)) this.warnings.push(`${path}: card uuid "${uuid}" is used twice in this flow`);

    if (parts[0] === 'root' && parts[1] === 'channels' && parts[2] === 'http' && parts.length === 6) {
      const rawConnector = parts[3] ?? '';
      const version = parts[4] ?? '';
      const rawKey = str(node?.key) || (parts[5] ?? '');
      if (!FUNCTION_CONNECTORS.has(rawConnector)) {
        const card: ExportCard = {
          connector: stripConnectorSuffix(rawConnector),
          rawConnector,
          key: stripBuilderSuffix(rawKey),
          rawKey,
          title,
          event: model?.webhook === true,
          depth,
          path,
          uuid,
          version,
        };
        this.found.push({ card, indexed });
      }
    } else if (indexed.kernel === '') {
      this.warnings.push(`${path}: unrecognised card address "${address}"; card skipped`);
    }
    if (model !== undefined) this.subFlows(model, path, depth, indexed);
  }

  /** Embedded sub-flows: `flo` inputs whose value is a flow object (not a flow-id reference), and the error policy's. */
  private subFlows(model: JsonObject, path: string, depth: number, card: IndexedCard): void {
    const data = asObject(model.inputs)?.data;
    if (isPlainObject(data)) {
      // Every input of every card passes here: the checks are written out (a call each costs, cold).
      for (const id of Object.keys(data)) {
        const field = data[id];
        if (typeof field !== 'object' || field === null) continue;
        const value = (field as JsonObject).value;
        if (typeof value !== 'object' || value === null || (value as JsonObject).type !== 'flo') continue;
        const methods = asObject((value as JsonObject).data)?.methods;
        if (!Array.isArray(methods)) continue;
        this.walk(methods, `${path}.node.model.inputs.data[${JSON.stringify(id)}].value.data.methods`, depth + 1, card);
      }
    }
    const onError = asObject(asObject(asObject(model.policy)?.error)?.flo)?.methods;
    if (Array.isArray(onError)) this.walk(onError, `${path}.node.model.policy.error.flo.methods`, depth + 1, card);
  }
}
