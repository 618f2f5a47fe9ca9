import type { YamlLimits, YamlTooComplex } from '../../src/util/nesting';

/**
 * The reference for src/util/nesting.ts's yamlTooComplex: the scan as first written, one character
 * (a string) at a time, acting on every one. The fast scan must answer exactly as this one does.
 */

function position(text: string, i: number): { offset: number; line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let j = text.indexOf('\n'); j !== -1 && j < i; j = text.indexOf('\n', j + 1)) {
    line++;
    start = j + 1;
  }
  return { offset: i, line, column: i - start + 1 };
}

export function referenceYamlTooComplex(text: string, limits: YamlLimits): YamlTooComplex | undefined {
  const indents: number[] = [];
  let flow = 0;
  let merges = 0;
  let quote = ''; // open quoted scalar, which may span lines
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
    const blank = i >= lineEnd || text[i] === '#' || text[i] === '\r';
    if (!blank && flow === 0 && !quote) {
      const indent = i - lineStart;
      while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1] < indent) indents.push(indent);
    }
    let compact = 0;
    let prev = ''; // last significant character on this line, '' at its start
    for (; i < lineEnd; i++) {
      const ch = text[i];
      if (quote) {
        if (quote === '"' && ch === '\\') i++;
        else if (ch === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else {
            quote = '';
            prev = 'x';
          }
        }
        continue;
      }
      if (ch === ' ' || ch === '\t' || ch === '\r') continue;
      const tokenStart = prev === '' || prev === ':' || prev === '-' || prev === ',' || prev === '?' || prev === '[' || prev === '{';
      if (ch === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if ((ch === '"' || ch === "'") && tokenStart) {
        quote = ch;
        continue;
      }
      if ((ch === '-' || ch === '?') && (prev === '' || prev === '-' || prev === '?') && /[\s]/.test(text[i + 1] ?? ' ')) {
        compact++;
      } else if ((ch === '[' || ch === '{') && (tokenStart || flow > 0)) {
        flow++;
      } else if ((ch === ']' || ch === '}') && flow > 0) {
        flow--;
      } else if (ch === '<' && text[i + 1] === '<' && tokenStart && /^\s*:/.test(text.slice(i + 2, i + 8))) {
        if (++merges > limits.maxMergeKeys) return { ...position(text, i), depth: merges, what: 'merge-keys' };
      }
      const depth = indents.length + compact + flow;
      if (depth > limits.maxDepth) return { ...position(text, i), depth, what: 'depth' };
      prev = ch;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
