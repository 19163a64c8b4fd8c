import { withMinimumSample, type Comparison, type FormatReport, type FormatStats, type RateEstimate } from './protocol';

export const notEnoughData = 'not enough data';

/** Escapes text for HTML; a missing value reads as a dash. */
export function escapeHtml(text: string | null | undefined): string {
  if (text === null || text === undefined) {
    return '—';
  }
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? notEnoughData : `${(value * 100).toFixed(1)}%`;
}

function rateCell(estimate: RateEstimate): string {
  if (estimate.rate === null) {
    return `<span class="nodata">${notEnoughData}</span> <span class="n">(n=${estimate.n})</span>`;
  }
  const interval = estimate.low !== null && estimate.high !== null ? ` [${percent(estimate.low)} – ${percent(estimate.high)}]` : '';
  return `${percent(estimate.rate)}${interval} <span class="n">(n=${estimate.n})</span>`;
}

function numberCell(value: number | null, unit: string, digits = 0): string {
  return value === null ? `<span class="nodata">${notEnoughData}</span>` : `${value.toFixed(digits)} ${unit}`;
}

function formatRow(format: FormatStats): string {
  const v = format.verdicts;
  const s = format.survival;
  const l = format.latencyMs;
  return `<tr>
  <th scope="row" title="sha256 ${escapeHtml(format.sha256)}">${escapeHtml(format.label)}</th>
  <td>${escapeHtml(format.fileType)}</td>
  <td>${escapeHtml(format.architecture)}</td>
  <td>${format.shown}</td>
  <td>${format.accepted}</td>
  <td>${rateCell(format.acceptance)}</td>
  <td>${rateCell(format.buildSuccess)}</td>
  <td>${v.compiles ?? 0} / ${v['introduces-errors'] ?? 0} / ${v['syntax-error'] ?? 0} / ${v.unchecked ?? 0}</td>
  <td>${percent(s['30s'])} / ${percent(s['2m'])} / ${percent(s['10m'])}</td>
  <td>${numberCell(l.firstTokenP50, 'ms')} / ${numberCell(l.firstTokenP95, 'ms')}</td>
  <td>${numberCell(l.totalP50, 'ms')} / ${numberCell(l.totalP95, 'ms')}</td>
  <td>${numberCell(format.tokensPerSecond, 'tok/s', 1)}</td>
</tr>`;
}

const chart = { rowHeight: 28, minLabelWidth: 120, charWidth: 7, barWidth: 360, valueWidth: 70 };

/** Horizontal bars (rate 0..1) with confidence-interval error bars, one row per format. */
export function rateChartSvg(title: string, rows: { label: string; estimate: RateEstimate }[]): string {
  const height = rows.length * chart.rowHeight + 30;
  // Wide enough for the longest label at roughly 7 px per character of 12 px text.
  const labelWidth = Math.max(chart.minLabelWidth, ...rows.map(({ label }) => label.length * chart.charWidth + 12));
  const x = (rate: number) => labelWidth + rate * chart.barWidth;
  const body = rows
    .map(({ label, estimate }, index) => {
      const y = 24 + index * chart.rowHeight;
      const name = `<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end" class="label">${escapeHtml(label)}</text>`;
      const rate = estimate.rate;
      if (rate === null) {
        return `${name}<text x="${labelWidth + 4}" y="${y + 14}" class="nodata">${notEnoughData} (n=${estimate.n})</text>`;
      }
      const bar = `<rect class="bar" x="${labelWidth}" y="${y + 2}" width="${(rate * chart.barWidth).toFixed(1)}" height="16"><title>${escapeHtml(label)}: ${percent(rate)}</title></rect>`;
      const whisker =
        estimate.low !== null && estimate.high !== null
          ? `<line class="ci" x1="${x(estimate.low).toFixed(1)}" x2="${x(estimate.high).toFixed(1)}" y1="${y + 10}" y2="${y + 10}"/>` +
            `<line class="ci" x1="${x(estimate.low).toFixed(1)}" x2="${x(estimate.low).toFixed(1)}" y1="${y + 4}" y2="${y + 16}"/>` +
            `<line class="ci" x1="${x(estimate.high).toFixed(1)}" x2="${x(estimate.high).toFixed(1)}" y1="${y + 4}" y2="${y + 16}"/>`
          : '';
      const value = `<text x="${labelWidth + chart.barWidth + 6}" y="${y + 14}" class="value">${percent(rate)}</text>`;
      return name + bar + whisker + value;
    })
    .join('\n');
  const axis = `<line class="axis" x1="${labelWidth}" x2="${labelWidth}" y1="20" y2="${height - 4}"/>`;
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" width="${labelWidth + chart.barWidth + chart.valueWidth}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<text x="0" y="14" class="title">${escapeHtml(title)}</text>
${axis}
${body}
</svg>`;
}

function comparisonRow(comparison: Comparison): string {
  const difference =
    comparison.difference === null
      ? `<span class="nodata">${notEnoughData}</span>`
      : `${(comparison.difference * 100).toFixed(1)} pp` +
        (comparison.low !== null && comparison.high !== null
          ? ` [${(comparison.low * 100).toFixed(1)} – ${(comparison.high * 100).toFixed(1)}]`
          : '');
  const pValue = comparison.pValue === null ? notEnoughData : comparison.pValue.toPrecision(3);
  return `<tr><td>${escapeHtml(comparison.a)} vs ${escapeHtml(comparison.b)}</td><td>${escapeHtml(comparison.metric)}</td><td>${difference}</td><td>${pValue}</td><td>${escapeHtml(comparison.test)}</td></tr>`;
}

/** The Format Report webview page. No scripts: the CSP allows inline styles only. */
export function renderReportHtml(computed: FormatReport, cspSource: string): string {
  const report = withMinimumSample(computed);
  const demo = report.isDemo
    ? '<p class="demo">Demo data: these numbers come from the bundled demo models, not from real use.</p>'
    : '';
  const formats =
    report.formats.length === 0
      ? `<p class="nodata">No completions recorded yet.</p>`
      : `<table>
<thead><tr><th>Format</th><th>File type</th><th>Architecture</th><th>Shown</th><th>Accepted</th><th>Acceptance</th><th>Build success</th><th>Compiles / introduces errors / syntax error / unchecked</th><th>Survival 30s / 2m / 10m</th><th>First token p50 / p95</th><th>Total p50 / p95</th><th>Speed</th></tr></thead>
<tbody>
${report.formats.map(formatRow).join('\n')}
</tbody>
</table>
${rateChartSvg('Acceptance rate (95% CI)', report.formats.map((f) => ({ label: f.label, estimate: f.acceptance })))}
${rateChartSvg('Build success rate (95% CI)', report.formats.map((f) => ({ label: f.label, estimate: f.buildSuccess })))}`;
  const comparisons =
    report.comparisons.length === 0
      ? ''
      : `<h2>Comparisons</h2>
<table>
<thead><tr><th>Formats</th><th>Metric</th><th>Difference (95% CI)</th><th>p-value</th><th>Test</th></tr></thead>
<tbody>
${report.comparisons.map(comparisonRow).join('\n')}
</tbody>
</table>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>CodeAssist Format Report</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px; }
table { border-collapse: collapse; margin: 12px 0; }
th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 4px 8px; text-align: left; vertical-align: top; }
.nodata { color: var(--vscode-descriptionForeground, #888); font-style: italic; }
.n { color: var(--vscode-descriptionForeground, #888); }
.demo { padding: 6px 10px; border-left: 3px solid var(--vscode-editorWarning-foreground, #c90); }
svg.chart { display: block; margin: 12px 0; }
svg .bar { fill: var(--vscode-charts-blue, #3794ff); }
svg .ci, svg .axis { stroke: var(--vscode-foreground, #ccc); stroke-width: 1.5; }
svg text { fill: var(--vscode-foreground, #ccc); font-size: 12px; }
svg text.title { font-weight: bold; }
svg text.nodata { fill: var(--vscode-descriptionForeground, #888); font-style: italic; }
</style>
</head>
<body>
<h1>CodeAssist Format Report</h1>
<p>Generated ${escapeHtml(report.generatedAt)}. Rates need at least ${report.minSampleSize} samples; fewer show "${notEnoughData}".</p>
${demo}
${formats}
${comparisons}
</body>
</html>`;
}
