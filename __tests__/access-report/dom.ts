import { spawnSync } from 'node:child_process';
import { ROOT } from './build';

/** A parsed HTML node: an element with attributes and children, or text. */
export type DomNode = { kind: 'element'; tag: string; attrs: Record<string, string>; children: DomNode[] } | { kind: 'text'; value: string };
export type DomElement = Extract<DomNode, { kind: 'element' }>;

/**
 * parse5 (the HTML standard's parsing algorithm, as browsers run it) ships only as an ES module,
 * which jest's CommonJS sandbox cannot load; Node itself can. So the parse runs in a child Node
 * and the tree comes back as JSON: what is tested is exactly what a browser would build.
 */
const PARSE = `
const { parse } = require('parse5');
let html = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (html += d));
process.stdin.on('end', () => {
  const conv = (n) => {
    if (n.nodeName === '#text') return { kind: 'text', value: n.value };
    if (!n.tagName) return null; // comments, doctype
    const attrs = {};
    for (const a of n.attrs) attrs[a.name] = a.value;
    const kids = (n.tagName === 'template' ? n.content.childNodes : n.childNodes || []).map(conv).filter(Boolean);
    return { kind: 'element', tag: n.tagName, attrs, children: kids };
  };
  const doc = parse(html);
  process.stdout.write(JSON.stringify(conv(doc.childNodes.find((n) => n.tagName === 'html'))));
});
`;

export function parseHtml(html: string): DomElement {
  const r = spawnSync(process.execPath, ['-e', PARSE], { cwd: ROOT, input: html, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`parse5 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as DomElement;
}

export function* walk(n: DomNode): Generator<DomElement> {
  if (n.kind !== 'element') return;
  yield n;
  for (const c of n.children) yield* walk(c);
}

export function all(root: DomNode, pred: (e: DomElement) => boolean): DomElement[] {
  return [...walk(root)].filter(pred);
}

export function one(root: DomNode, pred: (e: DomElement) => boolean, what = 'element'): DomElement {
  const found = all(root, pred);
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}`);
  return found[0];
}

export const hasClass = (cls: string) => (e: DomElement): boolean => (e.attrs.class ?? '').split(/\s+/).includes(cls);
export const tag = (name: string) => (e: DomElement): boolean => e.tag === name;

/** The text a reader sees (entities decoded by the parser), whitespace collapsed. */
export function text(n: DomNode): string {
  const raw = (m: DomNode): string => (m.kind === 'text' ? m.value : m.children.map(raw).join(''));
  return raw(n).replace(/\s+/g, ' ').trim();
}

/** Direct child elements with the tag. */
export function kids(e: DomElement, name: string): DomElement[] {
  return e.children.filter((c): c is DomElement => c.kind === 'element' && c.tag === name);
}
