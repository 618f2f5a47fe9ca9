import { isPlainObject } from '../../util/json';
import { dig, str, type JsonObject } from './json';

/** A flow's cards indexed by uuid, the wires between them, and each card's input and output fields. */

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
      if (!isPlainObject(pins)) continue;
      for (const [outputId, targets] of Object.entries(pins)) {
        if (!isPlainObject(targets)) continue;
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

export interface Field {
  id: string;
  key: string;
  data: unknown;
  index: number;
  meta: JsonObject;
}

export function fields(card: IndexedCard, which: 'inputs' | 'outputs'): Field[] {
  const data = dig(card.raw, 'node', 'model', which, 'data');
  if (!isPlainObject(data)) return [];
  const out: Field[] = [];
  for (const [id, f] of Object.entries(data)) {
    if (!isPlainObject(f)) continue;
    const meta = isPlainObject(f.metadata) ? f.metadata : {};
    const index = typeof meta.index === 'number' ? meta.index : Number.MAX_SAFE_INTEGER;
    out.push({ id: str(f.id) ?? id, key: str(f.key) ?? '', data: dig(f, 'value', 'data'), index, meta });
  }
  return out;
}

/** A Map of the first field per name: the same field `list.find(...)` returns, in constant time. */
export function firstBy(list: Field[], name: (f: Field) => string): Map<string, Field> {
  const m = new Map<string, Field>();
  for (const f of list) if (!m.has(name(f))) m.set(name(f), f);
  return m;
}

/** A card's fields, read once per flow however often wires lead to the card. */
export interface CardFields {
  inputs: Field[];
  /** Inputs in the order of their `metadata.index` (stable for equal indexes). */
  ordered: Field[];
  inputByKey: Map<string, Field>;
  outputById: Map<string, Field>;
  outputByKey: Map<string, Field>;
}
