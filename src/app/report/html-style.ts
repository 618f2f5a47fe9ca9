import { createHash } from 'node:crypto';

/** The access page's inline style and script, and the content security policy that allows only them. */

export const CSS = `
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dde5;--bg:#f6f7f9;--high:#b42318;--high-bg:#fde3e1;--medium:#93370d;--medium-bg:#fdefc8;--low:#05603a;--low-bg:#d5f5e3;--ok:#05603a;--warn:#93370d;--bad:#b42318;--accent:#2a4a8b}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:anywhere}
main{max-width:1240px;margin:0 auto;padding:20px 20px 40px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:19px;margin:0}
h3{font-size:15px;margin:22px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.meta{color:var(--muted);margin:0}
.meta code{color:var(--ink)}
nav.toc{margin:10px 0 0}
nav.toc ul{margin:0;padding-left:18px}
nav.toc a{margin-right:8px;font-weight:600}
section.decision{margin:12px 0 0;padding:12px 14px;border:2px solid var(--ink);border-radius:8px;background:#fff}
section.decision .lead{font-size:16px;margin:0 0 8px}
.dgrid{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin-top:8px}
.dcol h4{margin:0 0 4px;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
.dcol p{margin:0 0 4px}
.dcol.policy.bad{border-left:4px solid var(--bad);padding-left:8px;background:#fff5f4}
ul.ditems{margin:0;padding-left:16px}
li.conn-default{color:var(--bad);font-weight:600}
a.tile{text-decoration:none;color:inherit}
section.org .signoff{margin:10px 0 0;padding:6px 14px}
a{color:var(--accent)}
section.org{background:#fff;border:1px solid var(--line);border-radius:8px;margin:18px 0;padding:18px 20px}
.org-head{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:baseline}
.org-head .issuer{color:var(--muted)}
.headline{color:var(--muted);font-size:13px;margin:6px 0 0}
.signoff{display:grid;grid-template-columns:repeat(3,1fr);gap:18px;margin:18px 0 0;padding:14px 20px;background:#fff;border:1px solid var(--line);border-radius:8px}
.signoff div{border-bottom:1px solid var(--ink);padding-top:26px;color:var(--muted);font-size:12px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0 4px}
.tile{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:120px;background:#fbfcfd}
.tile b{display:block;font-size:20px;line-height:1.2}
.tile span{color:var(--muted);font-size:12px}
.tile.bad{border-color:var(--bad);background:#fff5f4}
.tile.good{border-color:var(--ok);background:#f3fbf6}
.tile.warn{border-color:var(--warn);background:#fffaeb}
.chip{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;font-weight:600;white-space:nowrap}
.r-high{color:var(--high);background:var(--high-bg)}
.r-medium{color:var(--medium);background:var(--medium-bg)}
.r-low{color:var(--low);background:var(--low-bg)}
.ev{display:inline-block;border:1px solid var(--line);border-radius:4px;padding:0 5px;font-size:11.5px;color:var(--muted);white-space:nowrap}
.ev.weak{border-color:var(--warn);color:var(--warn)}
.st-missing,.st-expired,.st-violation{color:var(--bad);font-weight:600}
.st-covered{color:var(--warn);font-weight:600}
.st-granted,.st-active{color:var(--ok)}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
thead th{background:#eef0f4;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
col.c-scope{width:22%}
col.c-risk{width:19%}
col.c-ev{width:8.5%}
col.c-need{width:32%}
col.c-why{width:18.5%}
table.with-status col.c-need{width:28%}
table.with-status col.c-why{width:14%}
col.c-status{width:8.5%}
col.c-s{width:26%}
col.c-r{width:10%}
col.c-rule{width:11%}
col.c-cov{width:20%}
col.c-exp{width:10%}
col.c-st{width:13%}
col.c-at{width:16%}
.desc{color:var(--muted);font-size:12.5px}
.why{color:var(--muted);font-size:12.5px}
ul.needs{margin:0;padding-left:16px}
ul.needs li{margin:1px 0}
.folder{color:var(--muted);font-size:12px}
details>summary{cursor:pointer;color:var(--accent)}
.exc{margin-top:4px;font-size:12.5px}
tr.expired td{background:#fff1f0}
tr.conn-default td{background:#fff5f4}
.note{color:var(--muted);font-style:italic}
.callout{border-left:4px solid var(--bad);background:#fff5f4;padding:8px 12px;margin:8px 0}
.callout.ok{border-color:var(--ok);background:#f3fbf6}
.callout.info{border-color:var(--accent);background:#f2f5fb}
.matrix-wrap{overflow:auto;max-height:70vh;width:fit-content;max-width:100%;border:1px solid var(--line);border-radius:6px;background:#fff}
table.matrix{width:auto;border-collapse:separate;border-spacing:0}
table.matrix th,table.matrix td{border-bottom:1px solid var(--line);border-right:1px solid #eef0f4;padding:0}
table.matrix thead th{position:sticky;top:0;z-index:2;background:#eef0f4;text-transform:none;letter-spacing:0;vertical-align:bottom}
table.matrix thead th.corner{left:0;z-index:3;min-width:260px;max-width:260px;padding:6px 8px;font-size:12px}
table.matrix thead th.scope div{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;padding:6px 0;margin:0 auto;max-height:330px;overflow:hidden;text-overflow:ellipsis;font-weight:600;font-size:11.5px;color:var(--ink)}
table.matrix thead th.scope{min-width:28px;width:28px;border-top:4px solid transparent}
table.matrix thead th.scope.r-high{border-top-color:var(--high)}
table.matrix thead th.scope.r-medium{border-top-color:var(--medium)}
table.matrix thead th.scope.r-low{border-top-color:var(--low)}
table.matrix tbody th{position:sticky;left:0;z-index:1;background:#fff;min-width:260px;max-width:260px;padding:3px 8px;font-weight:500;font-size:13px;overflow-wrap:anywhere}
table.matrix tbody th .folder{display:block;font-weight:400;font-size:11px}
table.matrix td{text-align:center;vertical-align:middle;font-size:11px;font-weight:700;height:24px}
table.matrix td.r-high,table.matrix td.r-medium,table.matrix td.r-low{cursor:default}
table.matrix tbody tr:hover th,table.matrix tbody tr:hover td:not([class]){background:#f2f5fb}
table.matrix tr.extras th{font-style:italic}
table.matrix tr.cardless th{position:static;max-width:none;font-weight:400;color:var(--muted);font-style:italic}
.mk{font-weight:700}
.mk-missing{color:var(--bad)}
.mk-extra{color:var(--bad)}
table.matrix thead th.mark-extra{background:#fde3e1}
table.matrix thead th.mark-missing{background:#fff5f4}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;color:var(--muted);font-size:12.5px;margin:6px 0}
footer{color:var(--muted);font-size:12.5px;margin-top:24px}
footer dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}
footer dd{margin:0}
span.ctl{display:inline-block;margin-left:6px;border:1px solid var(--accent);border-radius:4px;padding:0 5px;font-size:11px;font-weight:600;color:var(--accent);text-transform:none;letter-spacing:0;white-space:nowrap}
ul.legend-ev{margin:0;padding-left:16px}
@media print{
  @page{size:A4 landscape;margin:10mm}
  body{background:#fff;font-size:11px}
  main{max-width:none;padding:0}
  section.org{break-before:page;border:none;padding:0}
  section.org:first-of-type{break-before:auto}
  .matrix-wrap{overflow:visible;max-height:none;border:none}
  table.matrix thead th,table.matrix tbody th{position:static}
  tr{break-inside:avoid}
  nav.toc{display:none}
}
`;

/** Unfolds every folded list before printing, so a PDF holds the full evidence. */
export const SCRIPT = `addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true})});`;

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * No network, ever, and no script but ours: the policy allows only the inline style and script
 * above (by hash), so even a string that escaped escaping could not load or run anything.
 */
export const CSP = `default-src 'none'; style-src 'sha256-${sha256Base64(CSS)}'; script-src 'sha256-${sha256Base64(SCRIPT)}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
