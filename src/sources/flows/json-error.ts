import type { TextPosition } from './types';

// Size: locateJsonError is one iterative scanner (a loop over the text with its stack); split, its state would be passed around.

/** Where and why a text is not valid JSON. */
export interface JsonSyntaxProblem {
  position: TextPosition;
  /** True when the text is valid JSON cut short: the problem is the end of the input. */
  truncated: boolean;
  message: string;
}

/**
 * Finds the first JSON syntax error in `text`, or undefined when it is valid.
 * Run only after `JSON.parse` failed: V8's messages name a position for some errors but not others
 * ("Unexpected end of JSON input"), and never say whether the file was merely cut short.
 * Iterative, so deeply nested input cannot overflow the stack.
 */
export function locateJsonError(text: string): JsonSyntaxProblem | undefined {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  type Mode = 'value' | 'key' | 'after';
  let mode: Mode = 'value';

  const fail = (at: number, message: string): JsonSyntaxProblem => ({
    position: positionAt(text, at),
    truncated: at >= n,
    message: at >= n ? 'unexpected end of input' : message,
  });
  const skipWs = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const describe = (at: number): string => JSON.stringify(text.charAt(at));

  // Returns an error, or undefined after moving `i` past the string.
  const scanString = (): JsonSyntaxProblem | undefined => {
    i++; // opening quote
    for (;;) {
      if (i >= n) return fail(i, '');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return fail(i, `control character ${describe(i)} inside a string`);
      if (c === 0x5c) {
        i++;
        if (i >= n) return fail(i, '');
        const e = text.charAt(i);
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= n) return fail(n, '');
            if (!/[0-9a-fA-F]/.test(text.charAt(i + k))) return fail(i + k, 'bad \\u escape');
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(e)) {
          i++;
        } else {
          return fail(i, `bad escape \\${e}`);
        }
      } else {
        i++;
      }
    }
  };
  const digits = (): number => {
    const start = i;
    while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    return i - start;
  };
  const scanNumber = (): JsonSyntaxProblem | undefined => {
    if (text.charAt(i) === '-') i++;
    if (i >= n) return fail(i, '');
    if (text.charAt(i) === '0') i++;
    else if (digits() === 0) return fail(i, `expected a digit, found ${describe(i)}`);
    if (text.charAt(i) === '.') {
      i++;
      if (i >= n) return fail(i, '');
      if (digits() === 0) return fail(i, `expected a digit, found ${describe(i)}`);
    }
    if (text.charAt(i) === 'e' || text.charAt(i) === 'E') {
      i++;
      if (text.charAt(i) === '+' || text.charAt(i) === '-') i++;
      if (i >= n) return fail(i, '');
      if (digits() === 0) return fail(i, `expected a digit, found ${describe(i)}`);
    }
    return undefined;
  };

  for (;;) {
    skipWs();
    if (mode === 'value') {
      if (i >= n) return fail(i, '');
      const c = text.charAt(i);
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        skipWs();
        if (i >= n) return fail(i, '');
        if (text.charAt(i) === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          mode = 'after';
        } else {
          mode = c === '{' ? 'key' : 'value';
        }
        continue;
      }
      let err: JsonSyntaxProblem | undefined;
      if (c === '"') err = scanString();
      else if (c === '-' || (c >= '0' && c <= '9')) err = scanNumber();
      else if (/[A-Za-z_$]/.test(c)) {
        // A bare word: fine if true/false/null, cut short if the text ends inside one of them.
        const word = /^[A-Za-z0-9_$]+/.exec(text.slice(i, i + 64))?.[0] ?? c;
        const keyword = ['true', 'false', 'null'].find((w) => w.startsWith(word));
        if (keyword === word) i += word.length;
        else if (keyword !== undefined && i + word.length >= n) return fail(n, '');
        else return fail(i, `unexpected word ${JSON.stringify(word)} where a value was expected`);
      } else return fail(i, `unexpected ${describe(i)} where a value was expected`);
      if (err) return err;
      mode = 'after';
    } else if (mode === 'key') {
      if (i >= n) return fail(i, '');
      if (text.charAt(i) !== '"') return fail(i, `expected a property name in double quotes, found ${describe(i)}`);
      const err = scanString();
      if (err) return err;
      skipWs();
      if (i >= n) return fail(i, '');
      if (text.charAt(i) !== ':') return fail(i, `expected ':' after a property name, found ${describe(i)}`);
      i++;
      mode = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        return i >= n ? undefined : fail(i, `unexpected ${describe(i)} after the end of the JSON value`);
      }
      if (i >= n) return fail(i, '');
      const c = text.charAt(i);
      const close = top === '{' ? '}' : ']';
      if (c === ',') {
        i++;
        mode = top === '{' ? 'key' : 'value';
      } else if (c === close) {
        stack.pop();
        i++;
      } else {
        return fail(i, `expected ',' or '${close}', found ${describe(i)}`);
      }
    }
  }
}

/** 1-based line and column of a 0-based offset (a column counts UTF-16 units, as editors mostly do). */
export function positionAt(text: string, offset: number): TextPosition {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < at; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { offset: at, line, column: at - lineStart + 1 };
}
