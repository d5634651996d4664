// Chart (b): a portfolio group's scenario P&L matrix (scenarios x positions, unweighted, in the
// group's currency) as an ECharts heatmap, with the group's weighted P&L per scenario as a last
// column and the binding scenario's row outlined. Loaded on demand (portfolio mode only), with
// only the ECharts parts it uses, to keep the page's first load small.
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { scenarioLabel } from '../ui/format.mjs';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

const WEIGHTED = 'group, weighted';
const digits = (x) => (Math.abs(x) >= 100 ? 2 : 6);

export function drawHeatmap(box, group) {
  box.style.height = `${Math.max(320, group.scenarios.length * 16 + 130)}px`;
  const chart = echarts.getInstanceByDom(box) ?? echarts.init(box, null, { renderer: 'canvas' });
  chart.resize();
  const columns = [...(group.additive ? group.instruments : []), WEIGHTED];
  const rows = group.scenarios.map(scenarioLabel);
  const data = [];
  let extreme = 0;
  group.scenarios.forEach((scenario, s) => {
    const values = [...(group.additive ? group.pnl[s] : []), scenario.pnl];
    values.forEach((v, c) => {
      extreme = Math.max(extreme, Math.abs(v));
      const binding = s === group.bindingScenario;
      data.push(binding ? { value: [c, s, v], itemStyle: { borderColor: '#111', borderWidth: 2 } } : [c, s, v]);
    });
  });
  chart.setOption({
    animation: false,
    grid: { left: 170, right: 90, top: 10, bottom: 110 },
    tooltip: {
      formatter: (p) => {
        const [c, s, v] = p.value ?? p.data;
        return `${rows[s]}<br>${columns[c]}: <b>${v.toFixed(digits(v))} ${group.currency}</b>`;
      },
    },
    xAxis: { type: 'category', data: columns, axisLabel: { rotate: 35, fontSize: 10, interval: 0 }, splitArea: { show: true } },
    yAxis: {
      type: 'category', data: rows, inverse: true,
      axisLabel: {
        fontSize: 10, interval: 0,
        formatter: (label, s) => (s === group.bindingScenario ? `{binding|▶ ${label}}` : label),
        rich: { binding: { fontWeight: 'bold', color: '#111', backgroundColor: '#fde68a', padding: [1, 3] } },
      },
    },
    visualMap: {
      min: -extreme || -1, max: extreme || 1, calculable: true, orient: 'vertical', right: 0, top: 'center',
      itemHeight: 160, text: ['gain', 'loss'], inRange: { color: ['#b91c1c', '#fca5a5', '#f8fafc', '#86efac', '#15803d'] },
    },
    series: [{ type: 'heatmap', data, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } }, progressive: 0 }],
  }, { notMerge: true });
  return chart;
}

export function resizeHeatmap(box) {
  echarts.getInstanceByDom(box)?.resize();
}

export function disposeHeatmap(box) {
  echarts.getInstanceByDom(box)?.dispose();
}
