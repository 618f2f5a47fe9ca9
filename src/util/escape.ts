/**
 * One escaping helper per output format. Every string that comes from a user or a server (flow, card,
 * org and file names, reasons, scope ids, app labels, error texts) goes through the helper of the
 * format it is written into, in every command, so that it renders as inert text.
 */

/**
 * The Unicode bidi controls (U+061C, U+200E/200F, U+202A-202E, U+2066-2069): they reorder what a
 * terminal, a browser or a review page shows, so `abc\u202Efdp.exe` reads as `abcexe.pdf`.
 */
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';

/**
 * C0 and C1 controls, DEL and the bidi controls. Tab and newline are not in it: the callers decide
 * what a line break means. The one set of every output format.
 */
const CONTROL_CHARS = `\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI}`;
const CONTROL = new RegExp(`[${CONTROL_CHARS}]`, 'g');
/** Any character oneLine changes (CONTROL, tab and the line breaks): most strings have none, and skip its passes. */
const ONE_LINE_WORK = new RegExp(`[\\t\\n\\r\\u2028\\u2029${CONTROL_CHARS}]`);
/** Any character of CONTROL (which holds CR), without the global flag's lastIndex: a test, not a scan to replace. */
const HAS_CONTROL = new RegExp(CONTROL.source);

/**
 * What a value bound for Terraform may not hold, as a regular expression's source: the same set with tab,
 * newline and the line and paragraph separators (each would start a new line in a generated file),
 * and lone surrogates (no UTF-8 file can hold one). schema/scopes.schema.json's textNoControls lists
 * the same characters.
 */
export const UNSAFE_SOURCE =
  `[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${BIDI}]` + '|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/**
 * A control shown as what it is, `\u202e`, never acted on: a reviewer sees that a name holds a bidi
 * override or a terminal escape, where U+FFFD (or nothing) would hide it.
 */
export function visibleControl(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Every control of CONTROL made visible (`\u202e`); tab and newline are left to the caller. */
export function showControls(text: string): string {
  return text.replace(CONTROL, visibleControl);
}

/** A single-line field: controls are shown as `\uXXXX`, line breaks and tabs become a space. */
export function oneLine(text: string): string {
  if (!ONE_LINE_WORK.test(text)) return text;
  return showControls(text.replace(LINE_BREAK, ' ').replace(/\t/g, ' '));
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
 * The last pass over text output whose lines are built from untrusted strings: CRLF becomes LF, other
 * controls but newline and tab are shown as `\uXXXX`, and a line that a GitHub Actions runner would read as a workflow
 * command (`::error::…` after optional spaces; the legacy `##[error]` anywhere) is defused with a
 * backslash. wf-scopes' own text never starts a line with `::`; the `github` format is the one that does.
 */
export function safeTextOutput(text: string): string {
  // Each diagnostic passes here: a text with nothing to change skips the four replacing scans.
  if (!HAS_CONTROL.test(text) && !text.includes('::') && !text.includes('##[')) return text;
  return text
    .replace(/\r\n/g, '\n')
    .replace(CONTROL, visibleControl)
    .replace(/^(\s*)::/gm, '$1\\::')
    .replace(/##\[/g, '##\\[');
}

// ---- Markdown (GitHub pull-request comments; CommonMark + GFM tables) ---------------------------

/**
 * User text in Markdown, inside or outside a table cell: the punctuation that could start emphasis,
 * code, a link or image, raw HTML, an entity, a heading, strikethrough or math is backslash-escaped,
 * as is `|` (a cell border even inside code); line breaks become spaces, controls `\uXXXX`; an `@`
 * before a name gets a zero-width joiner so that GitHub does not turn it into a mention.
 */
export function markdownText(text: string): string {
  // `!` needs no escape: an image needs `[`, which is escaped.
  return noMention(oneLine(text).replace(/[\\`*_[\]<>#|~&$]/g, (c) => `\\${c}`));
}

/** U+200D ZERO WIDTH JOINER: invisible, and not a character a GitHub @mention may start with. */
const MENTION_BREAK = '\u200d';

/**
 * GitHub turns `@name` and `@org/team` in comment text into a mention (a notification to every member
 * of the team) after Markdown is rendered, so a backslash escape does not stop it; a character between
 * `@` and the name does. Code spans are never linked, so markdownCode needs no such break.
 */
function noMention(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])/g, `@${MENTION_BREAK}`);
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
    .replace(CONTROL, visibleControl);
}

/** A property value (`file=`, `title=`) also ends at `,` (next property) and `:` (the `::` before the message). */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// ---- HTML ---------------------------------------------------------------------------------------

/**
 * Text or a quoted attribute value in HTML: the five characters that could open markup or end a
 * quote become entities, and controls (bidi overrides above all, which would reverse the evidence
 * on the page) are shown as `\u202e`. The one HTML escaper: the access report's page uses it.
 */
export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c).replace(CONTROL, visibleControl);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * JSON text (as JSON.stringify writes it) made safe as the content of a `<script type="application/json">`
 * element: a script element's text ends at the first `</script`, and `<!--` followed by `<script` changes
 * where it ends, whatever the JSON means. `<`, `>` and `&` (only ever inside JSON strings) become `\u003c`,
 * `\u003e` and `\u0026`, U+2028/U+2029 and the controls JSON.stringify keeps (DEL, C1, bidi, which would
 * reorder what a viewer of the source shows) their `\uXXXX`: the element holds no markup and no control,
 * and JSON.parse of its text gives back the same value.
 */
export function scriptJson(json: string): string {
  return json.replace(SCRIPT_JSON_UNSAFE, visibleControl);
}

/** What scriptJson escapes: markup characters, the line separators, and every control JSON.stringify leaves as it is (DEL, C1, bidi). */
const SCRIPT_JSON_UNSAFE = new RegExp(`[<>&\\u2028\\u2029\\u007f-\\u009f${BIDI}]`, 'g');
/** A message whose names are quoted in backticks, as HTML: quoted parts become `<code>`, all of it escaped. */
export function htmlMessage(message: string): string {
  return message
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${htmlText(part)}</code>` : htmlText(part)))
    .join('');
}
