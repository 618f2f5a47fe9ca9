import type { CustomApiCall, UrlSource } from './types';
import { str } from './json';
import { fields, firstBy, type CardFields, type Field, type FlowIndex, type IndexedCard } from './flow-index';

/** Keys the Custom API Action card has on the connectors of §5.2 (builder suffix already stripped). */
const CUSTOM_API_KEYS = new Set(['hTTPRequest', 'httpRequest', 'customAPIAction', 'customApiAction', 'customAPICall']);
const isMethodInput = (key: string): boolean => key === 'requestType' || /^request_type_[A-Za-z0-9]{6}$/.test(key);
const isUrlInput = (key: string): boolean => key === 'Relative URL' || /^relative_url_[A-Za-z0-9]{6}$/.test(key);

export function isCustomApiKey(key: string): boolean {
  return CUSTOM_API_KEYS.has(key);
}

/** Wires followed from the Custom API card before giving up on a value. */
export const MAX_HOPS = 8;

/** A resolved value: literal text interleaved with placeholders for run-time values. */
type Piece = { lit: string } | { ph: string };

/**
 * A value built by following wires: its pieces and their rendered length (a placeholder renders as
 * `{name}`). `cut` when the flow's step budget ran out on the way, so part of it was left a placeholder.
 * `'too-long'` once the rendered text would pass the cap: the value is then known only at run time.
 */
type Value = { pieces: readonly Piece[]; chars: number; cut: boolean } | 'too-long';

const pieceChars = (p: Piece): number => ('ph' in p ? p.ph.length + 2 : p.lit.length);

/** Builds a value piece by piece, refusing to grow past `max` rendered characters. */
class ValueBuilder {
  private readonly pieces: Piece[] = [];
  private chars = 0;
  private cut = false;
  private over = false;
  constructor(private readonly max: number) {}

  /** False once the value is too long: the caller stops following wires for it. */
  push(p: Piece): boolean {
    if (this.over) return false;
    this.chars += pieceChars(p);
    if (this.chars > this.max) {
      this.over = true;
      return false;
    }
    this.pieces.push(p);
    return true;
  }

  add(v: Value): boolean {
    if (this.over) return false;
    if (v === 'too-long') {
      this.over = true;
      return false;
    }
    if (v.cut) this.cut = true;
    for (const p of v.pieces) if (!this.push(p)) return false;
    return true;
  }

  /** Part of the value was left a placeholder because the step budget ran out. */
  markCut(): void {
    this.cut = true;
  }

  done(): Value {
    return this.over ? 'too-long' : { pieces: this.pieces, chars: this.chars, cut: this.cut };
  }
}

/** Placeholder names must not break the path apart when later matched against `{param}` segments. */
function placeholderName(card: IndexedCard, field: string): string {
  const title = card.title.trim() || card.uuid;
  return `${title}.${field}`.replace(/[{}/?#]/g, '_').replace(/\s+/g, ' ');
}

export interface ResolveLimits {
  /** Rendered characters of any value built (`WF_SCOPES_MAX_PATH_CHARS`). */
  maxPathChars: number;
  /** Steps for the whole flow (`WF_SCOPES_MAX_FLOW_STEPS`). */
  maxSteps: number;
}

/**
 * Follows the wires of ONE flow. Every card output's value is built once per hop count and reused by
 * every card that reads it (a Compose fanned out into a Concatenate read by many Custom API cards is
 * built once, not once per reader), no value grows past `maxPathChars`, and one step budget covers
 * every card of the flow: card outputs evaluated, inputs read, pieces built. Past the budget, outputs
 * are left as placeholders.
 */
export class FlowResolver {
  private steps = 0;
  private readonly memo = new Map<string, Value>();
  private readonly cardFields = new Map<IndexedCard, CardFields>();
  /** Outputs being evaluated, with their depth on the stack: meeting one again is a wire loop. */
  private readonly onPath = new Map<string, number>();
  /** Set when an evaluation met a wire loop: its value depends on where it was asked from, so it is not reused. */
  private loopMet = false;

  constructor(
    readonly index: FlowIndex,
    private readonly limits: ResolveLimits,
  ) {}

  get maxPathChars(): number {
    return this.limits.maxPathChars;
  }

  get maxSteps(): number {
    return this.limits.maxSteps;
  }

  fieldsOf(card: IndexedCard): CardFields {
    let f = this.cardFields.get(card);
    if (!f) {
      const inputs = fields(card, 'inputs');
      const outputs = fields(card, 'outputs');
      f = {
        inputs,
        ordered: [...inputs].sort((a, b) => a.index - b.index),
        inputByKey: firstBy(inputs, (x) => x.key),
        outputById: firstBy(outputs, (x) => x.id),
        outputByKey: firstBy(outputs, (x) => x.key),
      };
      this.cardFields.set(card, f);
    }
    return f;
  }

  private single(p: Piece, cut = false): Value {
    const chars = pieceChars(p);
    return chars > this.limits.maxPathChars ? 'too-long' : { pieces: [p], chars, cut };
  }

  private literal(data: unknown): Value {
    if (typeof data === 'string') return data === '' ? { pieces: [], chars: 0, cut: false } : this.single({ lit: data });
    if (typeof data === 'number' || typeof data === 'boolean') return this.single({ lit: String(data) });
    return { pieces: [], chars: 0, cut: false };
  }

  /** The value an input has at run time, as far as the export tells. A wire beats any literal. */
  input(card: IndexedCard, field: Field, hops: number): Value {
    const wire = this.index.wireInto(card, field.id);
    if (!wire) return this.literal(field.data);
    if (hops >= MAX_HOPS) return this.single({ ph: this.outputName(wire.source, wire.outputId) });
    return this.output(wire.source, wire.outputId, hops + 1);
  }

  output(card: IndexedCard, outputId: string, hops: number): Value {
    const here = `${card.uuid}\u0000${outputId}`;
    const key = `${here}\u0000${hops}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    if (this.onPath.has(here)) {
      this.loopMet = true;
      return this.single({ ph: this.outputName(card, outputId) });
    }
    if (this.steps >= this.limits.maxSteps) return this.single({ ph: this.outputName(card, outputId) }, true);
    this.steps++;
    const outerLoop = this.loopMet;
    this.loopMet = false;
    this.onPath.set(here, this.onPath.size);
    let value: Value;
    try {
      value = this.evaluate(card, outputId, hops) ?? this.single({ ph: this.outputName(card, outputId) });
    } finally {
      this.onPath.delete(here);
    }
    if (value !== 'too-long') this.steps += value.pieces.length;
    if (!this.loopMet) this.memo.set(key, value);
    this.loopMet = outerLoop || this.loopMet;
    return value;
  }

  /** Undefined when the card computes its output at run time. */
  private evaluate(card: IndexedCard, outputId: string, hops: number): Value | undefined {
    const cf = this.fieldsOf(card);
    const out = cf.outputById.get(outputId);
    this.steps += cf.inputs.length;
    switch (card.kernel) {
      case 'string:compose': {
        const template = cf.inputByKey.get('_text_');
        if (!template) return undefined;
        const text = this.input(card, template, hops);
        if (text === 'too-long') return text;
        const b = new ValueBuilder(this.limits.maxPathChars);
        if (text.cut) b.markCut();
        for (const p of text.pieces) {
          if ('ph' in p ? !b.push(p) : !this.fillTemplate(card, p.lit, cf, hops, b)) break;
        }
        return b.done();
      }
      case 'string:concat': {
        const b = new ValueBuilder(this.limits.maxPathChars);
        for (const f of cf.ordered) if (!b.add(this.input(card, f, hops))) break;
        return b.done();
      }
      case 'control:let': {
        const src = out && cf.inputByKey.get(out.key);
        return src ? this.input(card, src, hops) : undefined;
      }
      case 'control:callable': {
        // Start of an embedded sub-flow: its outputs mirror the container's inputs of the same key.
        const container = card.container;
        const src = out && container && this.fieldsOf(container).inputByKey.get(out.key);
        return container && src ? this.input(container, src, hops) : undefined;
      }
      case 'object:expand': {
        // A dotted pill into another card's output: name it after where that output comes from.
        if (!out) return undefined;
        const srcCard = this.index.cards.get(str(out.meta.srcMethodId) ?? '');
        const srcOut = str(out.meta.srcOutputId);
        const path = Array.isArray(out.meta.path) ? out.meta.path.map(String) : [];
        if (!srcCard || srcOut === undefined) return undefined;
        const whole = this.output(srcCard, srcOut, hops);
        if (path.length === 0) return whole;
        const only = whole !== 'too-long' && whole.pieces.length === 1 ? whole.pieces[0] : undefined;
        const base = only && 'ph' in only ? only.ph : this.outputName(srcCard, srcOut);
        return this.single({ ph: `${base}.${path.join('.')}`.replace(/[{}/?#]/g, '_') }, whole !== 'too-long' && whole.cut);
      }
      default:
        return undefined;
    }
  }

  /** Compose: each `{{{X}}}` is the value of the compose input whose key is X. False once too long. */
  private fillTemplate(card: IndexedCard, text: string, cf: CardFields, hops: number, b: ValueBuilder): boolean {
    const re = /\{\{\{\s*([^{}]+?)\s*\}\}\}/g;
    let last = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m.index > last && !b.push({ lit: text.slice(last, m.index) })) return false;
      const name = m[1] ?? '';
      const f = cf.inputByKey.get(name);
      if (!(f ? b.add(this.input(card, f, hops)) : b.push({ ph: placeholderName(card, name) }))) return false;
      last = m.index + m[0].length;
    }
    return last < text.length ? b.push({ lit: text.slice(last) }) : true;
  }

  private outputName(card: IndexedCard, outputId: string): string {
    const out = this.fieldsOf(card).outputById.get(outputId);
    const name = out?.key || str(out?.meta.displayname) || outputId;
    return placeholderName(card, name);
  }
}

function render(pieces: readonly Piece[]): string {
  return pieces.map((p) => ('ph' in p ? `{${p.ph}}` : p.lit)).join('');
}

/**
 * A template is usable when it is a path starting with a literal `/` (after any `scheme://host`) and at
 * least one of its segments is fully literal: `/api/v1/users/{Read User.ID}` can be matched to an
 * endpoint, `{Helper Flow.url}` or `/{X}` cannot.
 */
function usableTemplate(pieces: readonly Piece[]): boolean {
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
export function resolveCustomApi(card: IndexedCard, key: string, resolver: FlowResolver): CustomApiCall | undefined {
  if (!isCustomApiKey(key)) return undefined;
  const { inputs } = resolver.fieldsOf(card);
  const methodField = inputs.find((f) => isMethodInput(f.key));
  const urlField = inputs.find((f) => isUrlInput(f.key));

  let method: string | null = null;
  if (methodField) {
    const value = resolver.input(card, methodField, 0);
    if (value !== 'too-long') {
      const text = render(value.pieces).trim();
      if (text !== '' && value.pieces.every((p) => 'lit' in p)) method = text.toUpperCase();
    }
  }

  if (!urlField) return { method, path: null, resolved: false, source: 'missing' };
  const wired = resolver.index.wireInto(card, urlField.id) !== undefined;
  const value = resolver.input(card, urlField, 0);
  if (value === 'too-long') {
    const max = resolver.maxPathChars;
    return {
      method,
      path: null,
      resolved: false,
      placeholder: `{URL longer than ${max} characters}`,
      source: wired ? 'wired' : 'literal',
      note: `the URL ${wired ? 'built from the wired cards' : 'typed in'} is longer than ${max} characters (WF_SCOPES_MAX_PATH_CHARS)`,
    };
  }
  const { pieces } = value;
  const text = render(pieces).trim();
  const source: UrlSource = wired ? 'wired' : text === '' ? 'missing' : 'literal';
  const note = value.cut
    ? { note: `the flow's wires take more than ${resolver.maxSteps} steps to follow (WF_SCOPES_MAX_FLOW_STEPS): parts of the URL were left as placeholders` }
    : {};
  if (text === '') return { method, path: null, resolved: false, source, ...note };
  if (pieces.every((p) => 'lit' in p) || usableTemplate(pieces)) return { method, path: text, resolved: true, source, ...note };
  return { method, path: null, resolved: false, placeholder: text, source, ...note };
}
