/**
 * Tiny builders for synthetic Okta Workflows exports, shaped like the real ones (flow-format.md), so
 * each test states only what it is about.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObj = { [k: string]: Json };

export interface FieldSpec {
  id: string;
  key: string;
  data?: Json;
  type?: string;
  index?: number;
  group?: string | null;
  metadata?: JsonObj;
}

export function fieldMap(fields: FieldSpec[]): JsonObj {
  const out: JsonObj = {};
  fields.forEach((f, i) => {
    out[f.id] = {
      id: f.id,
      key: f.key,
      group: f.group ?? null,
      value: { type: f.type ?? 'string', collection: false, data: f.data ?? '' },
      metadata: { index: f.index ?? i, ...(f.metadata ?? {}) },
    };
  });
  return out;
}

export interface CardSpec {
  uuid: string;
  title?: string;
  inputs?: FieldSpec[];
  outputs?: FieldSpec[];
  /** outputId → targetUuid → target input ids */
  pins?: Record<string, Record<string, string[]>>;
  webhook?: boolean;
  /** Card-level error handling "run these cards". */
  onError?: JsonObj[];
  /** Override node.key (defaults to the address's last part). */
  nodeKey?: string;
}

export function card(address: string, spec: CardSpec): JsonObj {
  const key = spec.nodeKey ?? address.split(':').pop() ?? '';
  const pins: JsonObj = {};
  for (const [out, targets] of Object.entries(spec.pins ?? {})) {
    const t: JsonObj = {};
    for (const [uuid, inputs] of Object.entries(targets)) t[uuid] = inputs.map((input) => ({ input, transform: null }));
    pins[out] = t;
  }
  const model: JsonObj = {
    type: 'method',
    key,
    webhook: spec.webhook ?? false,
    displayed: true,
    metadata: { name: spec.title ?? key },
    policy: spec.onError
      ? { error: { type: 'flo', flo: subflow(spec.onError), retry: null } }
      : { error: { type: 'finish' } },
    inputs: { extensible: false, data: fieldMap(spec.inputs ?? []) },
    outputs: { extensible: false, data: fieldMap(spec.outputs ?? []) },
  };
  return { address, uuid: spec.uuid, branches: {}, node: { key, data: { name: spec.title ?? key }, model }, pins };
}

let subflowSeq = 0;
export function subflow(methods: JsonObj[]): JsonObj {
  subflowSeq += 1;
  return { id: null, uuid: `sub-${subflowSeq}`, display: {}, tree: {}, methods, model: {}, orderings: {} };
}

/** A `flo` input holding an embedded sub-flow (If/ElseIf branch, try block, For Each body). */
export function floInput(id: string, methods: JsonObj[], group: string | null = null): FieldSpec {
  return { id, key: 'flo', type: 'flo', group, data: subflow(methods) };
}

export interface FlowSpec {
  id: string;
  name: string;
  methods: JsonObj[] | null;
  group?: string;
  scheduled?: boolean;
}

export function flopack(flows: FlowSpec[], opts: { version?: string; groups?: Record<string, string> } = {}): JsonObj {
  const flos: JsonObj = {};
  for (const f of flows) {
    flos[f.id] = {
      id: f.id,
      name: f.name,
      description: '',
      data:
        f.methods === null
          ? null
          : { id: null, uuid: f.id, methods: f.methods, model: {}, orderings: {}, scheduled: f.scheduled ?? false, group: f.group ?? 'g-none' },
    };
  }
  const groups: JsonObj = {};
  for (const [id, name] of Object.entries(opts.groups ?? {})) groups[id] = { id, data: { name, description: '', path: '' } };
  return {
    type: 'flopack',
    version: opts.version ?? '1.5.0',
    created: '2025-01-01T00:00:00.000Z',
    flags: {},
    data: { flos, configs: {}, tables: {}, groups },
  };
}

export const OKTA = (key: string): string => `root:channels:http:okta:1.0.600:${key}`;
export const KERNEL = (module: string, key: string): string => `root:kernel:${module}:0.0.1:${key}`;

/** A one-flow export text. */
export function oneFlow(methods: JsonObj[], name = 'Flow'): string {
  return JSON.stringify(flopack([{ id: 'f1', name, methods }]));
}

export interface AmplifyingSpec {
  /** Characters of the Compose's literal template (default: enough for a ~1 MB export). */
  templateChars?: number;
  /** Inputs of the Concatenate, each wired from the Compose (default 399). */
  concatInputs?: number;
  /** Custom API Action cards whose URL is wired from the Concatenate (default 8). */
  apiCards?: number;
}

/**
 * A wire graph that amplifies: a Compose feeds every input of a Concatenate, whose output feeds the
 * URL of several Custom API Action cards. Rebuilt per card and uncapped, the URL is hundreds of MB per
 * card. With the defaults the export is about 1 MB (issue 16's attack); it is generated, never stored.
 */
export function amplifyingExport(spec: AmplifyingSpec = {}): string {
  const n = spec.concatInputs ?? 399;
  const apis = spec.apiCards ?? 8;
  const template = `/api/v1/users/${'a'.repeat(Math.max(0, (spec.templateChars ?? 900_000) - 14))}`;
  const inputIds = Array.from({ length: n }, (_, i) => `cat-${i}`);
  const apiIds = Array.from({ length: apis }, (_, i) => `api-${i}`);
  const compose = card(KERNEL('string', 'compose'), {
    uuid: 'cmp',
    title: 'Compose',
    inputs: [{ id: 'cmp-t', key: '_text_', data: template }],
    outputs: [{ id: 'cmp-out', key: 'output' }],
    pins: { 'cmp-out': { cat: inputIds } },
  });
  const concat = card(KERNEL('string', 'concat'), {
    uuid: 'cat',
    title: 'Concatenate',
    inputs: inputIds.map((id, i) => ({ id, key: `text ${i}`, index: i })),
    outputs: [{ id: 'cat-out', key: 'output' }],
    pins: { 'cat-out': Object.fromEntries(apiIds.map((id) => [id, ['url']])) },
  });
  const calls = apiIds.map((uuid, i) =>
    card(OKTA('hTTPRequest'), {
      uuid,
      title: `Custom API Action ${i}`,
      inputs: [
        { id: 'm', key: 'requestType', group: 'parameters', data: 'GET' },
        { id: 'url', key: 'Relative URL', group: 'Request', data: '' },
      ],
    }),
  );
  return oneFlow([compose, concat, ...calls], 'Amplifier');
}
