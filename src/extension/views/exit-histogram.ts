// The VM-exit histogram: a bar chart of exits by reason, drawn as inline SVG in a webview.
// No scripts and nothing loaded from anywhere: the page is rebuilt on every stop, and its
// Content-Security-Policy allows only the one style block (by nonce).

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExitLogAnswer } from '../../../debug-adapter/custom-request-types';
import type { VmExitsView } from './vm-exits-view';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The bars, largest first; the chart is sized to its rows. */
export function histogramSvg(histogram: Record<string, number>): string {
  const rows = Object.entries(histogram).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const labelWidth = 8 * Math.max(6, ...rows.map(([r]) => r.length)) + 12;
  const barMax = 360;
  const rowHeight = 22;
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const height = rows.length * rowHeight + 8;
  const width = labelWidth + barMax + 80;
  const bars = rows.map(([reason, n], i) => {
    const y = 4 + i * rowHeight;
    const w = Math.max(1, Math.round((n / max) * barMax));
    return `<g class="row"><text class="label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escape(reason)}</text>` +
      `<rect class="bar" x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 6}"><title>${escape(reason)}: ${n}</title></rect>` +
      `<text class="count" x="${labelWidth + w + 6}" y="${y + 15}">${n}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="VM exits by reason" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars.join('')}</svg>`;
}

export function histogramHtml(answer: ExitLogAnswer | undefined, nonce: string): string {
  const total = answer ? Object.values(answer.histogram).reduce((n, c) => n + c, 0) : 0;
  let body: string;
  if (!answer) body = '<p class="note">No Ringside debug session is stopped.</p>';
  else if (!answer.available) body = `<p class="note">Not available: ${escape(answer.message ?? `no VM exits under monitor "${answer.monitor}"`)}</p>`;
  else if (total === 0) body = '<p class="note">No VM exits yet.</p>';
  else body = `<p>${total} exits, ${Object.keys(answer.histogram).length} reasons (monitor "${escape(answer.monitor)}")</p>${histogramSvg(answer.histogram)}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<title>VM exits by reason</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
.note { color: var(--vscode-descriptionForeground); }
.bar { fill: var(--vscode-charts-blue); }
.row:hover .bar { fill: var(--vscode-charts-orange); }
text { fill: var(--vscode-foreground); font-family: var(--vscode-editor-font-family); font-size: 12px; }
.count { fill: var(--vscode-descriptionForeground); }
</style></head>
<body><h2>VM exits by reason</h2>${body}</body></html>`;
}

/** The one histogram panel, kept in step with the VM Exits view. */
export class ExitHistogramPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly view: VmExitsView) {
    this.subscription = view.onDidRefresh(() => this.render());
  }

  /** Opens (or reveals) the panel; resolves with the HTML it shows. */
  show(): string {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('ringside.exitHistogram', 'VM Exits by Reason', vscode.ViewColumn.Beside, { enableScripts: false, localResourceRoots: [] });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal(undefined, true);
    }
    return this.render();
  }

  private render(): string {
    const html = histogramHtml(this.view.answer, randomBytes(16).toString('base64'));
    if (this.panel) this.panel.webview.html = html;
    return html;
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
