/**
 * Text for HTML element content and double- or single-quoted attribute values. Every string a user
 * controls (flow, folder, card, org names, reasons, file names) goes through here, so a flow named
 * `<img src=x onerror=alert(1)>` is shown as those characters, never parsed as markup.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
