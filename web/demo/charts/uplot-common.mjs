// What the page's uPlot charts share: sizing to their box, a vertical line at the index (an
// annotation drawn on the plot, not an axis), money axes, and replacing a chart on redraw.
import uPlot from 'uplot';
import { usd } from '../ui/format.mjs';

const compact = (x) => {
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(x / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  return a === 0 ? '0' : x.toFixed(a < 10 ? 2 : 0);
};

export const moneyAxis = (label) => ({ label, size: 64, values: (u, ticks) => ticks.map(compact) });
export const priceAxis = (label) => ({ label, values: (u, ticks) => ticks.map(compact) });
export const valueText = (u, v) => (v === null || v === undefined ? '—' : usd(v));

// A plugin drawing a dashed vertical line where x = `at`, labelled.
export function verticalLine(at, text, color = '#555') {
  return {
    hooks: {
      draw: (u) => {
        const x = u.valToPos(at, 'x', true);
        if (!(x >= u.bbox.left && x <= u.bbox.left + u.bbox.width)) return;
        const { ctx } = u;
        ctx.save();
        ctx.strokeStyle = color;
        ctx.setLineDash([4, 4]);
        ctx.lineWidth = devicePixelRatio;
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.fillStyle = color;
        ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
        ctx.fillText(text, x + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
        ctx.restore();
      },
    },
  };
}

const charts = new WeakMap();

// Draw (or redraw) a chart in `box`, sized to the box's width.
export function drawChart(box, options, data) {
  charts.get(box)?.destroy();
  const width = Math.max(320, box.clientWidth);
  const chart = new uPlot({ width, height: 300, ...options }, data, box);
  charts.set(box, chart);
  return chart;
}

export function resizeCharts(boxes) {
  for (const box of boxes) {
    const chart = charts.get(box);
    if (chart) chart.setSize({ width: Math.max(320, box.clientWidth), height: 300 });
  }
}

export function clearChart(box) {
  charts.get(box)?.destroy();
  charts.delete(box);
}
