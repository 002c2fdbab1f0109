// @ts-check
/**
 * Inline SVG charts drawn at the container's real width (text stays legible on a phone), redrawn when it changes.
 * Each chart is an image with a text summary; the numbers are always also in a table next to it.
 */
import { h, s } from './dom.js';

/**
 * @param {string} summary read by screen readers instead of the drawing
 * @param {(width: number) => SVGElement} draw
 */
export function chart(summary, draw) {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': summary });
  let drawn = 0;
  const render = () => {
    const width = Math.max(280, Math.round(box.clientWidth || 720));
    if (width === drawn) return;
    drawn = width;
    const svg = draw(width);
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    box.replaceChildren(svg);
  };
  new ResizeObserver(render).observe(box);
  queueMicrotask(render);
  return box;
}

/**
 * @param {{ name: string, cls: string }[]} items
 */
export function legend(items) {
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    items.map((i) => h('li', null, h('span', { class: `swatch ${i.cls}` }), i.name)),
  );
}

/**
 * Horizontal bars, one row per label, optionally stacked from segments.
 * @param {{ label: string, segments: { value: number, cls: string }[], note?: string }[]} rows
 * @param {{ max?: number, labelWidth?: number }} [opts]
 */
export function hbars(rows, opts = {}) {
  return (/** @type {number} */ width) => {
    const labelW = Math.min(opts.labelWidth ?? 190, Math.round(width * 0.42));
    const noteW = 64;
    const rowH = 28;
    const barW = Math.max(40, width - labelW - noteW - 8);
    const max = opts.max ?? Math.max(1, ...rows.map((r) => r.segments.reduce((n, x) => n + x.value, 0)));
    const height = rows.length * rowH + 4;
    return s(
      'svg',
      { viewBox: `0 0 ${width} ${height}`, width: String(width), height: String(height) },
      rows.map((r, i) => {
        const y = i * rowH + 4;
        let x = labelW;
        const parts = r.segments.map((seg) => {
          const w = (seg.value / max) * barW;
          const rect = s('rect', {
            x: x.toFixed(1),
            y: String(y + 3),
            width: Math.max(0, w).toFixed(1),
            height: String(rowH - 10),
            class: seg.cls,
          });
          x += w;
          return rect;
        });
        const total = r.segments.reduce((n, seg) => n + seg.value, 0);
        return s(
          'g',
          null,
          s(
            'text',
            { x: String(labelW - 8), y: String(y + rowH / 2 + 2), 'text-anchor': 'end' },
            truncate(r.label, labelW),
          ),
          s('line', { class: 'axis', x1: String(labelW), x2: String(labelW), y1: String(y), y2: String(y + rowH - 4) }),
          parts,
          s('text', { x: String(labelW + barW + 6), y: String(y + rowH / 2 + 2) }, r.note ?? String(total)),
        );
      }),
    );
  };
}

/**
 * Vertical columns over a category axis (weeks, months), grouped or stacked by series.
 * @param {string[]} labels
 * @param {{ name: string, cls: string, values: number[] }[]} series
 * @param {{ stacked?: boolean, labelEvery?: number }} [opts]
 */
export function columns(labels, series, opts = {}) {
  return (/** @type {number} */ width) => {
    const left = 36;
    const bottom = 40;
    const top = 10;
    const height = 220;
    const plotW = width - left - 8;
    const plotH = height - top - bottom;
    const totals = labels.map((_, i) =>
      opts.stacked
        ? series.reduce((n, sr) => n + (sr.values[i] ?? 0), 0)
        : Math.max(...series.map((sr) => sr.values[i] ?? 0)),
    );
    const max = niceMax(Math.max(1, ...totals));
    const slot = plotW / Math.max(1, labels.length);
    const groupW = slot * 0.75;
    const every = opts.labelEvery ?? Math.max(1, Math.ceil(labels.length / Math.max(1, Math.floor(plotW / 56))));
    const y = (/** @type {number} */ v) => top + plotH - (v / max) * plotH;
    /** @type {SVGElement[]} */
    const marks = [];
    labels.forEach((label, i) => {
      const x0 = left + i * slot + (slot - groupW) / 2;
      let acc = 0;
      series.forEach((sr, k) => {
        const v = sr.values[i] ?? 0;
        if (v <= 0) return;
        if (opts.stacked) {
          marks.push(
            s('rect', {
              x: x0.toFixed(1),
              y: y(acc + v).toFixed(1),
              width: groupW.toFixed(1),
              height: (y(acc) - y(acc + v)).toFixed(1),
              class: sr.cls,
            }),
          );
          acc += v;
        } else {
          const w = groupW / series.length;
          marks.push(
            s('rect', {
              x: (x0 + k * w).toFixed(1),
              y: y(v).toFixed(1),
              width: Math.max(1, w - 1).toFixed(1),
              height: (y(0) - y(v)).toFixed(1),
              class: sr.cls,
            }),
          );
        }
      });
      if (i % every === 0)
        marks.push(
          s(
            'text',
            {
              x: (left + i * slot + slot / 2).toFixed(1),
              y: String(height - bottom + 16),
              'text-anchor': 'middle',
              class: 'muted-text',
            },
            label,
          ),
        );
    });
    const ticks = [0, max / 2, max].map((v) =>
      s(
        'g',
        null,
        s('line', { class: 'tick', x1: String(left - 4), x2: String(left), y1: y(v).toFixed(1), y2: y(v).toFixed(1) }),
        s(
          'text',
          { x: String(left - 6), y: (y(v) + 4).toFixed(1), 'text-anchor': 'end', class: 'muted-text' },
          String(v),
        ),
      ),
    );
    return s(
      'svg',
      { viewBox: `0 0 ${width} ${height}`, width: String(width), height: String(height) },
      s('line', { class: 'axis', x1: String(left), x2: String(width - 8), y1: y(0).toFixed(1), y2: y(0).toFixed(1) }),
      s('line', { class: 'axis', x1: String(left), x2: String(left), y1: String(top), y2: y(0).toFixed(1) }),
      ticks,
      marks,
    );
  };
}

/** The smallest even "round" number ≥ v, so the mid tick is a whole number too. @param {number} v */
function niceMax(v) {
  if (v <= 2) return 2;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 4, 6, 8, 10]) if (m * p >= v && (m * p) % 2 === 0) return m * p;
  return 10 * p;
}

/** @type {CanvasRenderingContext2D | null | undefined} */
let measurer;
/** Cuts a label to fit `px` at the charts' 12 px text, measured with the page's own font. @param {string} text @param {number} px */
function truncate(text, px) {
  if (measurer === undefined) {
    measurer = document.createElement('canvas').getContext('2d');
    if (measurer) measurer.font = `12px ${getComputedStyle(document.body).fontFamily}`;
  }
  const width = (/** @type {string} */ t) => (measurer ? measurer.measureText(t).width : t.length * 7.5);
  const room = px - 12;
  if (width(text) <= room) return text;
  let cut = text;
  while (cut.length > 1 && width(`${cut}…`) > room) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
