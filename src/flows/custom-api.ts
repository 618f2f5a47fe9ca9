import type { CustomApiCall, UrlSource } from './types';
import { dig, isObject, str, type JsonObject } from './json';

/** One card of a flow (any kind, nested or not), indexed by uuid so wires can be followed. */
export interface IndexedCard {
  uuid: string;
  raw: JsonObject;
  title: string;
  /** `module:key` of a built-in function card (`string:compose`), '' for connector cards. */
  kernel: string;
  /** The card whose field (or error policy) holds the embedded sub-flow this card sits in. */
  container?: IndexedCard;
}

/** Source end of a wire feeding one input. */
interface Wire {
  source: IndexedCard;
  outputId: string;
}

/** Every card of one flow, sub-flows included, and every wire between them (§7). */
export class FlowIndex {
  readonly cards = new Map<string, IndexedCard>();
  private readonly incoming = new Map<string, Wire>();

  /** Returns false when the uuid is already taken (the first card keeps it). */
  add(card: IndexedCard): boolean {
    if (this.cards.has(card.uuid)) return false;
    this.cards.set(card.uuid, card);
    return true;
  }

  /** Pins sit on the source card: `pins[outputId][targetUuid] = [{input}]`. Call once all cards are added. */
  linkPins(): void {
    for (const source of this.cards.values()) {
      const pins = source.raw.pins;
      if (!isObject(pins)) continue;
      for (const [outputId, targets] of Object.entries(pins)) {
        if (!isObject(targets)) continue;
        for (const [targetUuid, list] of Object.entries(targets)) {
          if (!Array.isArray(list) || !this.cards.has(targetUuid)) continue;
          for (const pin of list) {
            const input = str(dig(pin, 'input'));
            const k = wireKey(targetUuid, input ?? '');
            // First wire wins; two wires into one input do not occur in real exports.
            if (input !== undefined && !this.incoming.has(k)) this.incoming.set(k, { source, outputId });
          }
        }
      }
    }
  }

  wireInto(card: IndexedCard, inputId: string): Wire | undefined {
    return this.incoming.get(wireKey(card.uuid, inputId));
  }
}

function wireKey(uuid: string, inputId: string): string {
  return `${uuid}\u0000${inputId}`;
}

interface Field {
  id: string;
  key: string;
  data: unknown;
  index: number;
  meta: JsonObject;
}

function fields(card: IndexedCard, which: 'inputs' | 'outputs'): Field[] {
  const data = dig(card.raw, 'node', 'model', which, 'data');
  if (!isObject(data)) return [];
  const out: Field[] = [];
  for (const [id, f] of Object.entries(data)) {
    if (!isObject(f)) continue;
    const meta = isObject(f.metadata) ? f.metadata : {};
    const index = typeof meta.index === 'number' ? meta.index : Number.MAX_SAFE_INTEGER;
    out.push({ id: str(f.id) ?? id, key: str(f.key) ?? '', data: dig(f, 'value', 'data'), index, meta });
  }
  return out;
}

/** Keys the Custom API Action card has on the connectors of §5.2 (builder suffix already stripped). */
const CUSTOM_API_KEYS = new Set(['hTTPRequest', 'httpRequest', 'customAPIAction', 'customApiAction', 'customAPICall']);
const isMethodInput = (key: string): boolean => key === 'requestType' || /^request_type_[A-Za-z0-9]{6}$/.test(key);
const isUrlInput = (key: string): boolean => key === 'Relative URL' || /^relative_url_[A-Za-z0-9]{6}$/.test(key);

export function isCustomApiKey(key: string): boolean {
  return CUSTOM_API_KEYS.has(key);
}

/** Wires followed from the Custom API card before giving up on a value. */
export const MAX_HOPS = 8;
/** Cards evaluated per resolution: keeps a fan-out of Concatenates from exploding. */
const MAX_STEPS = 400;

/** A resolved value: literal text interleaved with placeholders for run-time values. */
type Piece = { lit: string } | { ph: string };

function literalPieces(data: unknown): Piece[] {
  if (typeof data === 'string') return data === '' ? [] : [{ lit: data }];
  if (typeof data === 'number' || typeof data === 'boolean') return [{ lit: String(data) }];
  return [];
}

/** Placeholder names must not break the path apart when later matched against `{param}` segments. */
function placeholderName(card: IndexedCard, field: string): string {
  const title = card.title.trim() || card.uuid;
  return `${title}.${field}`.replace(/[{}/?#]/g, '_').replace(/\s+/g, ' ');
}

class Resolver {
  private steps = 0;
  constructor(private readonly index: FlowIndex) {}

  /** The value an input has at run time, as far as the export tells. A wire beats any literal. */
  input(card: IndexedCard, field: Field, hops: number, trail: Set<string>): Piece[] {
    const wire = this.index.wireInto(card, field.id);
    if (!wire) return literalPieces(field.data);
    if (hops >= MAX_HOPS) return [{ ph: this.outputName(wire.source, wire.outputId) }];
    return this.output(wire.source, wire.outputId, hops + 1, trail);
  }

  output(card: IndexedCard, outputId: string, hops: number, trail: Set<string>): Piece[] {
    const here = `${card.uuid}\u0000${outputId}`;
    const opaque: Piece[] = [{ ph: this.outputName(card, outputId) }];
    if (trail.has(here) || ++this.steps > MAX_STEPS) return opaque;
    trail.add(here);
    try {
      return this.evaluate(card, outputId, hops, trail) ?? opaque;
    } finally {
      trail.delete(here);
    }
  }

  /** Undefined when the card computes its output at run time. */
  private evaluate(card: IndexedCard, outputId: string, hops: number, trail: Set<string>): Piece[] | undefined {
    const inputs = fields(card, 'inputs');
    const out = fields(card, 'outputs').find((f) => f.id === outputId);
    switch (card.kernel) {
      case 'string:compose': {
        const template = inputs.find((f) => f.key === '_text_');
        if (!template) return undefined;
        const pieces: Piece[] = [];
        for (const p of this.input(card, template, hops, trail)) {
          if ('ph' in p) pieces.push(p);
          else pieces.push(...this.fillTemplate(card, p.lit, inputs, hops, trail));
        }
        return pieces;
      }
      case 'string:concat':
        return [...inputs]
          .sort((a, b) => a.index - b.index)
          .flatMap((f) => this.input(card, f, hops, trail));
      case 'control:let': {
        const src = out && inputs.find((f) => f.key === out.key);
        return src ? this.input(card, src, hops, trail) : undefined;
      }
      case 'control:callable': {
        // Start of an embedded sub-flow: its outputs mirror the container's inputs of the same key.
        const container = card.container;
        const src = out && container && fields(container, 'inputs').find((f) => f.key === out.key);
        return container && src ? this.input(container, src, hops, trail) : undefined;
      }
      case 'object:expand': {
        // A dotted pill into another card's output: name it after where that output comes from.
        if (!out) return undefined;
        const srcCard = this.index.cards.get(str(out.meta.srcMethodId) ?? '');
        const srcOut = str(out.meta.srcOutputId);
        const path = Array.isArray(out.meta.path) ? out.meta.path.map(String) : [];
        if (!srcCard || srcOut === undefined) return undefined;
        const whole = this.output(srcCard, srcOut, hops, trail);
        if (path.length === 0) return whole;
        const base = whole.length === 1 && 'ph' in whole[0] ? whole[0].ph : this.outputName(srcCard, srcOut);
        return [{ ph: `${base}.${path.join('.')}`.replace(/[{}/?#]/g, '_') }];
      }
      default:
        return undefined;
    }
  }

  /** Compose: each `{{{X}}}` is the value of the compose input whose key is X. */
  private fillTemplate(card: IndexedCard, text: string, inputs: Field[], hops: number, trail: Set<string>): Piece[] {
    const pieces: Piece[] = [];
    const re = /\{\{\{\s*([^{}]+?)\s*\}\}\}/g;
    let last = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m.index > last) pieces.push({ lit: text.slice(last, m.index) });
      const name = m[1] ?? '';
      const f = inputs.find((x) => x.key === name);
      pieces.push(...(f ? this.input(card, f, hops, trail) : [{ ph: placeholderName(card, name) }]));
      last = m.index + m[0].length;
    }
    if (last < text.length) pieces.push({ lit: text.slice(last) });
    return pieces;
  }

  private outputName(card: IndexedCard, outputId: string): string {
    const out = fields(card, 'outputs').find((f) => f.id === outputId);
    const name = out?.key || str(out?.meta.displayname) || outputId;
    return placeholderName(card, name);
  }
}

function render(pieces: Piece[]): string {
  return pieces.map((p) => ('ph' in p ? `{${p.ph}}` : p.lit)).join('');
}

/**
 * A template is usable when it is a path starting with a literal `/` (after any `scheme://host`) and at
 * least one of its segments is fully literal: `/api/v1/users/{Read User.ID}` can be matched to an
 * endpoint, `{Helper Flow.url}` or `/{X}` cannot.
 */
function usableTemplate(pieces: Piece[]): boolean {
  const HOLE = '\u0000';
  let s = pieces.map((p) => ('ph' in p ? HOLE : p.lit)).join('').trim();
  const scheme = /^https?:\/\//i.exec(s);
  if (scheme) {
    const slash = s.indexOf('/', scheme[0].length);
    s = slash === -1 ? '' : s.slice(slash);
  }
  if (!s.startsWith('/')) return false;
  const pathPart = s.split(/[?#]/, 1)[0] ?? '';
  return pathPart.split('/').some((seg) => seg !== '' && !seg.includes(HOLE));
}

/**
 * Method and path of a Custom API Action card, following wires through Compose, Concatenate, Assign,
 * object:expand and embedded sub-flow starts. Undefined when the card is not a Custom API Action.
 */
export function resolveCustomApi(card: IndexedCard, key: string, index: FlowIndex): CustomApiCall | undefined {
  if (!isCustomApiKey(key)) return undefined;
  const inputs = fields(card, 'inputs');
  const methodField = inputs.find((f) => isMethodInput(f.key));
  const urlField = inputs.find((f) => isUrlInput(f.key));

  let method: string | null = null;
  if (methodField) {
    const pieces = new Resolver(index).input(card, methodField, 0, new Set());
    const text = render(pieces).trim();
    if (text !== '' && pieces.every((p) => 'lit' in p)) method = text.toUpperCase();
  }

  if (!urlField) return { method, path: null, resolved: false, source: 'missing' };
  const wired = index.wireInto(card, urlField.id) !== undefined;
  const pieces = new Resolver(index).input(card, urlField, 0, new Set());
  const text = render(pieces).trim();
  const source: UrlSource = wired ? 'wired' : text === '' ? 'missing' : 'literal';
  if (text === '') return { method, path: null, resolved: false, source };
  if (pieces.every((p) => 'lit' in p) || usableTemplate(pieces)) return { method, path: text, resolved: true, source };
  return { method, path: null, resolved: false, placeholder: text, source };
}
