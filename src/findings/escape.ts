/**
 * One escaping helper per output format. Every string that comes from a user or a server (flow, card,
 * org and file names, reasons, scope ids, app labels, error texts) goes through the helper of the
 * format it is written into, in every command, so that it renders as inert text.
 */

/**
 * C0 and C1 controls, DEL, and the Unicode bidi controls (which reorder what a terminal or a review
 * page shows). Tab and newline are not in the set: the callers decide what a line break means.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;
const REPLACEMENT = '\ufffd';

/** A single-line field: controls become U+FFFD, line breaks a space, tabs a space. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAK, ' ').replace(/\t/g, ' ').replace(CONTROL, REPLACEMENT);
}

// ---- text (terminals, CI logs) ----------------------------------------------------------------

/**
 * A user or server string inside a line of text output: no terminal escape codes, no line breaks (a
 * break would let the string start a line of its own).
 */
export function textField(text: string): string {
  return oneLine(text);
}

/**
 * The last pass over text output whose lines are built from untrusted strings: controls other than
 * newline and tab are replaced, and a line that a GitHub Actions runner would read as a workflow
 * command (`::error::…` after optional spaces; the legacy `##[error]` anywhere) is defused with a
 * backslash. wf-scopes' own text never starts a line with `::`; the `github` format is the one that does.
 */
export function safeTextOutput(text: string): string {
  return text
    .replace(/\r(?!\n)/g, REPLACEMENT)
    .replace(CONTROL, REPLACEMENT)
    .replace(/^(\s*)::/gm, '$1\\::')
    .replace(/##\[/g, '##\\[');
}

// ---- Markdown (GitHub pull-request comments; CommonMark + GFM tables) ---------------------------

/**
 * User text in Markdown, inside or outside a table cell: the punctuation that could start emphasis,
 * code, a link or image, raw HTML, an entity, a heading, strikethrough or math is backslash-escaped,
 * as is `|` (a cell border even inside code); line breaks become spaces, controls U+FFFD.
 */
export function markdownText(text: string): string {
  // `!` needs no escape: an image needs `[`, which is escaped.
  return oneLine(text).replace(/[\\`*_[\]<>#|~&$]/g, (c) => `\\${c}`);
}

/**
 * User text as a code span: the fence is one backtick longer than the longest run inside, padded with
 * a space when the text starts or ends with a backtick or a space (CommonMark strips one space each
 * side). `|` stays escaped because GFM splits table cells before it parses code (pass `inTable: false`
 * outside tables, where the backslash would show).
 */
export function markdownCode(text: string, opts: { inTable?: boolean } = {}): string {
  let body = oneLine(text);
  if (opts.inTable !== false) body = body.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(body) && body.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A message whose names are quoted in backticks (the convention of wf-scopes' diagnostics): quoted
 * parts become code spans, the rest escaped text. Inert whatever the names hold: a stray backtick only
 * shifts which parts are shown as code.
 */
export function markdownMessage(message: string, opts: { inTable?: boolean } = {}): string {
  return message
    .split('`')
    .map((part, i) => (i % 2 === 1 ? markdownCode(part, opts) : markdownText(part)))
    .join('');
}

// ---- GitHub Actions workflow commands ---------------------------------------------------------
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions

/** A command's message: `%`, CR and LF would end or corrupt it; other controls are replaced. */
export function githubData(text: string): string {
  return text
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(CONTROL, REPLACEMENT);
}

/** A property value (`file=`, `title=`) also ends at `,` (next property) and `:` (the `::` before the message). */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// ---- HTML ---------------------------------------------------------------------------------------

/** Text or a quoted attribute value in HTML: the five characters that could open markup or end a quote. */
export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c).replace(CONTROL, REPLACEMENT);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
