import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FormatReport, FormatStats } from '../../src/protocol';
import { escapeHtml, rateChartSvg, renderReportHtml } from '../../src/reportHtml';

function format(label: string, overrides: Partial<FormatStats> = {}): FormatStats {
  return {
    label,
    sha256: 'ab'.repeat(32),
    fileType: label,
    architecture: 'qwen3moe',
    shown: 120,
    accepted: 42,
    acceptance: { rate: 0.35, low: 0.27, high: 0.44, n: 120 },
    buildSuccess: { rate: 0.9, low: 0.8, high: 0.95, n: 42 },
    verdicts: { compiles: 100, 'introduces-errors': 12, 'syntax-error': 3, unchecked: 5 },
    survival: { '30s': 0.95, '2m': 0.9, '10m': 0.8 },
    latencyMs: { firstTokenP50: 80, firstTokenP95: 150, totalP50: 300, totalP95: 700 },
    tokensPerSecond: 38.5,
    ...overrides,
  };
}

function report(overrides: Partial<FormatReport> = {}): FormatReport {
  return {
    generatedAt: '2026-11-28T00:00:00Z',
    isDemo: false,
    minSampleSize: 30,
    formats: [format('Q8_0'), format('Q4_K_M')],
    comparisons: [
      { a: 'Q8_0', b: 'Q4_K_M', metric: 'acceptance', difference: 0.05, low: -0.06, high: 0.16, pValue: 0.41, test: 'two-proportion z' },
    ],
    ...overrides,
  };
}

test('renders per-format rates with confidence intervals', () => {
  const html = renderReportHtml(report(), 'vscode-resource:');
  assert.match(html, /<th scope="row"[^>]*>Q8_0<\/th>/);
  assert.match(html, /35\.0% \[27\.0% – 44\.0%\] <span class="n">\(n=120\)<\/span>/);
  assert.match(html, /90\.0% \[80\.0% – 95\.0%\]/);
  assert.match(html, /38\.5 tok\/s/);
  assert.match(html, /Q8_0 vs Q4_K_M<\/td><td>acceptance<\/td><td>5\.0 pp \[-6\.0 – 16\.0\]<\/td><td>0\.410<\/td>/);
});

test('null rates read "not enough data" in the table and the chart', () => {
  const sparse = format('Q2_K', {
    acceptance: { rate: null, low: null, high: null, n: 4 },
    tokensPerSecond: null,
    survival: { '30s': null, '2m': null, '10m': null },
  });
  const html = renderReportHtml(report({ formats: [sparse], comparisons: [] }), 'x');
  assert.match(html, /<span class="nodata">not enough data<\/span> <span class="n">\(n=4\)<\/span>/);
  assert.match(html, /class="nodata">not enough data \(n=4\)<\/text>/);
  assert.doesNotMatch(html, /Comparisons/);
});

test('a rate below the minimum sample size reads "not enough data" even though the server computed it', () => {
  const small = format('Q3_K', { acceptance: { rate: 1, low: 0.2, high: 1, n: 1 } });
  const html = renderReportHtml(report({ formats: [small], comparisons: [], minSampleSize: 10 }), 'x');
  assert.match(html, /<span class="nodata">not enough data<\/span> <span class="n">\(n=1\)<\/span>/);
  assert.doesNotMatch(html, /100\.0%/);
});

test('a comparison without enough data shows no difference or p-value', () => {
  const comparison = { a: 'A', b: 'B', metric: 'acceptance', difference: -0.2, low: -0.5, high: 0.1, pValue: 0.3, test: 'fisher', enoughData: false };
  const html = renderReportHtml(report({ comparisons: [comparison] }), 'x');
  assert.match(html, /A vs B<\/td><td>acceptance<\/td><td><span class="nodata">not enough data<\/span><\/td><td>not enough data<\/td>/);
  assert.doesNotMatch(html, /-20\.0 pp/);
});

test('chart draws one bar and one error bar per format with data', () => {
  const svg = rateChartSvg('Acceptance', [
    { label: 'A', estimate: { rate: 0.5, low: 0.25, high: 0.75, n: 50 } },
    { label: 'B', estimate: { rate: null, low: null, high: null, n: 2 } },
  ]);
  assert.equal((svg.match(/<rect class="bar"/g) ?? []).length, 1);
  assert.equal((svg.match(/<line class="ci"/g) ?? []).length, 3);
  // bar spans half of the 360 px scale; whiskers at 25% and 75% of it, offset by the 120 px label column.
  assert.match(svg, /width="180\.0"/);
  assert.match(svg, /x1="210\.0" x2="390\.0"/);
});

test('demo reports are labelled, empty reports say so', () => {
  assert.match(renderReportHtml(report({ isDemo: true }), 'x'), /Demo data/);
  assert.match(renderReportHtml(report({ formats: [], comparisons: [] }), 'x'), /No completions recorded yet/);
});

test('labels are escaped and the page runs no scripts', () => {
  const html = renderReportHtml(report({ formats: [format('<img src=x onerror=alert(1)>')] }), 'x');
  assert.doesNotMatch(html, /<img src=x/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.doesNotMatch(html, /<script/);
  assert.match(html, /default-src 'none'/);
  assert.equal(escapeHtml(`"&'`), '&quot;&amp;&#39;');
});

test('missing optional fields from the server render as dashes and zeros', () => {
  const partial = format('Q6_K', { fileType: null, architecture: null, verdicts: { compiles: 2 }, survival: {} });
  const html = renderReportHtml(
    report({ formats: [partial], comparisons: [{ a: 'Q6_K', b: 'Q8_0', metric: 'acceptance', difference: null, low: null, high: null, pValue: null, test: null }] }),
    'x',
  );
  assert.match(html, /<td>—<\/td>\s*<td>—<\/td>/);
  assert.match(html, /<td>2 \/ 0 \/ 0 \/ 0<\/td>/);
  assert.match(html, /not enough data \/ not enough data \/ not enough data/);
  assert.match(html, /<td>not enough data<\/td><td>—<\/td><\/tr>/);
});

test('the label column grows with the longest label', () => {
  const svg = rateChartSvg('Acceptance', [{ label: 'demo-qwen3moe-Q4_K_M', estimate: { rate: 0.5, low: null, high: null, n: 50 } }]);
  // 20 characters * 7 px + 12 px = 152 px label column.
  assert.match(svg, /<rect class="bar" x="152"/);
  assert.match(svg, /width="582"/);
});
