// Line charts with uPlot (vendored under /vendor/uplot, see src/SmartLab.Hub/web/package.json). The chart's element
// carries data-points and data-last so that a person (or a test) can see that new data arrived.
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { el } from './dom.js';
import { formatNumber } from './i18n.js';

const Colours = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700'];

/**
 * A chart in a new element. `series` are [{ label }] for the y values; `time` makes the x axis clock time (x in
 * seconds since 1970). update(x, ...ys) replaces the data.
 */
export function lineChart({ title, xLabel, yLabel, series, time = false, height = 220 }) {
  const holder = el('div', { className: 'chart', dataset: { points: '0', last: '' } });
  const frame = el('figure', { className: 'chart-frame' }, title ? el('figcaption', { text: title }) : null, holder);
  let plot = null;
  let data = [[], ...series.map(() => [])];

  function width() {
    return Math.max(280, Math.floor(holder.clientWidth || frame.clientWidth || 600));
  }

  function create() {
    plot = new uPlot({
      width: width(),
      height,
      scales: { x: { time } },
      axes: [
        { label: xLabel, stroke: '#57606a', grid: { stroke: '#eaeef2' } },
        { label: yLabel, stroke: '#57606a', grid: { stroke: '#eaeef2' }, size: 70, values: (u, ticks) => ticks.map(v => formatNumber(v, 4)) },
      ],
      series: [
        { label: xLabel },
        ...series.map((s, i) => ({ label: s.label, stroke: Colours[i % Colours.length], width: 1.5, points: { show: false } })),
      ],
      legend: { show: series.length > 1 },
    }, data, holder);
  }

  const observer = new ResizeObserver(() => {
    if (!plot && holder.isConnected && holder.clientWidth > 0) {
      create();
    } else if (plot && holder.clientWidth > 0) {
      plot.setSize({ width: width(), height });
    }
  });
  observer.observe(holder);

  return {
    element: frame,
    update(x, ...ys) {
      data = [x, ...ys];
      holder.dataset.points = String(x.length);
      const lastY = ys[0]?.[ys[0].length - 1];
      holder.dataset.last = lastY === undefined || lastY === null ? '' : String(lastY);
      if (plot) {
        plot.setData(data);
      }
    },
    destroy() {
      observer.disconnect();
      plot?.destroy();
    },
  };
}
