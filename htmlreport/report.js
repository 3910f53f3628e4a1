// Draws the charts of a stressql HTML report from the JSON in
// #report-data with uPlot (inlined above), builds the tables of numbers
// under them, and filters the scenarios. Loads nothing from the network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var byId = {};
  (data.charts || []).forEach(function (c) { byId[c.id] = c; });
  var plots = {};
  window.stressqlReport = { plots: plots, charts: byId };

  // The palette, read once (and again when the colour scheme changes):
  // reading computed style per chart would force a style recalculation
  // of the whole page each time.
  var palette = {};
  function readPalette() {
    var st = getComputedStyle(document.documentElement);
    palette = {};
    ["--fg", "--grid", "--fault", "--fault-label", "--phase"].forEach(function (n) { palette[n] = st.getPropertyValue(n).trim(); });
    for (var i = 0; i < st.length; i++) if (st[i].indexOf("--c-") === 0) palette[st[i]] = st.getPropertyValue(st[i]).trim();
    ["ok", "failed", "dropped", "p50", "p99", "max", "acquire", "total", "idle", "inuse", "server", "k0", "k1", "k2", "k3", "k4", "k5", "k6"].forEach(function (n) {
      palette["--c-" + n] = st.getPropertyValue("--c-" + n).trim();
    });
  }
  function css(name) { return palette[name] || ""; }
  function color(name) { return css("--c-" + name) || css("--fg"); }

  function pctLabel(v) {
    if (v <= 1) return "0%";
    var p = 100 * (1 - 1 / v);
    var d = Math.max(0, Math.ceil(Math.log10(v)) - 2);
    return p.toFixed(d) + "%";
  }
  function fmt(v) {
    if (v == null) return "–";
    if (Math.abs(v) >= 1000 || v === Math.trunc(v)) return String(Math.round(v * 100) / 100);
    return String(+v.toPrecision(4));
  }
  function xText(c, v) {
    if (c.kind === "pct") return pctLabel(v);
    if (c.kind === "sweep") return c.xtext[v] != null ? c.xtext[v] : "";
    return fmt(v);
  }

  // The fault windows (shaded), instant faults and phase boundaries
  // (dashed lines), labelled at the top of the plot.
  function drawMarks(c) {
    return function (u) {
      var m = c.marks;
      if (!m) return;
      var ctx = u.ctx, b = u.bbox, dpr = devicePixelRatio || 1;
      ctx.save();
      ctx.beginPath();
      ctx.rect(b.left, b.top, b.width, b.height);
      ctx.clip();
      ctx.font = (11 * dpr) + "px system-ui, sans-serif";
      ctx.textBaseline = "top";
      m.windows.forEach(function (w) {
        var x0 = u.valToPos(w.from, "x", true), x1 = u.valToPos(w.to, "x", true);
        ctx.fillStyle = css("--fault");
        ctx.fillRect(x0, b.top, Math.max(x1 - x0, 2 * dpr), b.height);
        ctx.fillStyle = css("--fault-label");
        ctx.fillText(w.label, x0 + 3 * dpr, b.top + 3 * dpr);
      });
      ctx.strokeStyle = css("--fault-label");
      ctx.lineWidth = 1.5 * dpr;
      m.instants.forEach(function (p) {
        var x = u.valToPos(p.at, "x", true);
        ctx.beginPath(); ctx.moveTo(x, b.top); ctx.lineTo(x, b.top + b.height); ctx.stroke();
        ctx.fillStyle = css("--fault-label");
        var w = ctx.measureText(p.label).width;
        ctx.fillText(p.label, x + 3 * dpr + w > b.left + b.width ? x - 3 * dpr - w : x + 3 * dpr, b.top + 16 * dpr);
      });
      ctx.strokeStyle = css("--phase");
      ctx.setLineDash([4 * dpr, 4 * dpr]);
      ctx.lineWidth = 1 * dpr;
      m.phases.forEach(function (p) {
        var x = u.valToPos(p.from, "x", true);
        ctx.beginPath(); ctx.moveTo(x, b.top); ctx.lineTo(x, b.top + b.height); ctx.stroke();
        ctx.fillStyle = css("--phase");
        ctx.fillText("phase " + p.label, x + 3 * dpr, b.top + b.height - 15 * dpr);
      });
      ctx.restore();
    };
  }

  function options(c, width) {
    var axisColor = css("--fg"), grid = css("--grid");
    var series = [{ label: c.kind === "time" ? "t (s)" : c.xname, value: function (u, v) { return v == null ? "–" : xText(c, v); } }];
    c.lines.forEach(function (l) {
      series.push({
        label: l.label,
        stroke: color(l.color),
        width: 1.6,
        dash: l.dash ? [6, 4] : undefined,
        scale: l.axis === 1 ? "y2" : "y",
        // uPlot's default shows points where they are sparse (an
        // interval between two without data has no line to draw).
        points: c.kind === "sweep" ? { show: true, size: 7, fill: color(l.color) } : { size: 6, fill: color(l.color) },
        value: function (u, v) { return fmt(v); }
      });
    });
    var scales = { x: { time: false }, y: {} };
    if (c.kind === "time" && c.marks) scales.x.range = function (u, lo, hi) { return [0, Math.max(hi, c.marks.end || 0)]; };
    if (c.kind === "pct") scales.x = { time: false, distr: 3, log: 10, range: function (u, lo, hi) { return [1, Math.max(hi, 10)]; } };
    if (c.kind === "sweep") scales.x = { time: false, range: [-0.5, c.x.length - 0.5] };
    if (c.ylog) scales.y = { distr: 3, log: 10 };
    else scales.y = { range: function (u, lo, hi) { return [Math.min(0, lo), hi > 0 ? hi * 1.08 : 1]; } };
    var xAxis = { label: c.xname, stroke: axisColor, grid: { stroke: grid }, ticks: { stroke: grid } };
    if (c.kind === "pct") {
      // one tick a decade: 0%, 90%, 99%, 99.9%...
      xAxis.splits = function (u, ai, lo, hi) {
        var out = [];
        for (var v = 1; v <= hi * 1.0001; v *= 10) if (v >= lo / 1.0001) out.push(v);
        return out;
      };
      xAxis.values = function (u, splits) { return splits.map(pctLabel); };
    }
    if (c.kind === "sweep") {
      xAxis.splits = function () { return c.x; };
      xAxis.values = function (u, splits) { return splits.map(function (v) { return xText(c, v); }); };
    }
    var axes = [xAxis, { label: c.yname, stroke: axisColor, grid: { stroke: grid }, ticks: { stroke: grid }, size: 60 }];
    if (c.y2) {
      scales.y2 = {};
      axes.push({ label: c.y2, scale: "y2", side: 1, stroke: axisColor, grid: { show: false }, size: 60 });
    }
    return {
      width: width, height: 226, scales: scales, series: series, axes: axes,
      cursor: { drag: { x: true, y: false } },
      hooks: { drawClear: [drawMarks(c)] }
    };
  }

  function widthOf(el) { return Math.max(el.clientWidth || 0, 320); }

  function draw(el, width) {
    var c = byId[el.dataset.chart];
    if (!c) throw new Error("no data for chart " + el.dataset.chart);
    if (plots[c.id]) plots[c.id].destroy();
    el.textContent = "";
    var cols = [c.x].concat(c.lines.map(function (l) { return l.data; }));
    plots[c.id] = new uPlot(options(c, width), cols, el);
  }

  // Widths are read in one pass before any chart is made: reading one
  // after each insertion would lay out the page once per chart.
  function drawAll() {
    readPalette();
    var els = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
    var widths = els.map(widthOf);
    els.forEach(function (el, i) { draw(el, widths[i]); });
  }

  function table(c) {
    var t = document.createElement("table");
    var head = "<thead><tr><th>" + esc(c.xname) + "</th>" + c.lines.map(function (l) { return "<th>" + esc(l.label) + "</th>"; }).join("") + "</tr></thead>";
    var rows = [];
    for (var i = 0; i < c.x.length; i++) {
      var r = "<tr><td>" + esc(xText(c, c.x[i])) + "</td>";
      for (var j = 0; j < c.lines.length; j++) r += "<td>" + fmt(c.lines[j].data[i]) + "</td>";
      rows.push(r + "</tr>");
    }
    t.innerHTML = head + "<tbody>" + rows.join("") + "</tbody>";
    return t;
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (ch) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[ch]; });
  }
  function fillTable(d) {
    var host = d.querySelector(".table-host");
    if (host.firstChild) return;
    host.appendChild(table(byId[d.dataset.table]));
  }

  // Filters: status, driver and tag, over the list and the sections.
  var fs = document.getElementById("filter-status"), fd = document.getElementById("filter-driver"), ft = document.getElementById("filter-tag");
  function filter() {
    var shown = 0, total = 0;
    document.querySelectorAll(".scenario-row, section.scenario").forEach(function (el) {
      var ok = (!fs.value || el.dataset.status === fs.value) &&
        (!fd.value || el.dataset.driver === fd.value) &&
        (!ft.value || el.dataset.tags.indexOf(" " + ft.value + " ") >= 0);
      el.classList.toggle("hidden", !ok);
      if (el.classList.contains("scenario-row")) { total++; if (ok) shown++; }
    });
    document.getElementById("filter-count").textContent = shown + " of " + total + " shown";
  }
  [fs, fd, ft].forEach(function (s) { s.addEventListener("change", filter); });
  filter();

  drawAll();

  var ro = new ResizeObserver(function (entries) {
    entries.forEach(function (e) {
      var u = plots[e.target.dataset.chart];
      if (u && e.contentRect.width > 0 && Math.abs(u.width - e.contentRect.width) > 1) u.setSize({ width: widthOf(e.target), height: 226 });
    });
  });
  document.querySelectorAll("[data-chart]").forEach(function (el) { ro.observe(el); });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", drawAll);

  // Tables: built when opened, and all of them in idle time so that the
  // page's search finds their numbers.
  var pending = Array.prototype.slice.call(document.querySelectorAll("details[data-table]"));
  pending.forEach(function (d) { d.addEventListener("toggle", function () { if (d.open) fillTable(d); }); });
  var idle = window.requestIdleCallback || function (f) { return setTimeout(function () { f({ timeRemaining: function () { return 10; } }); }, 1); };
  (function next(deadline) {
    do {
      var d = pending.shift();
      if (!d) { document.documentElement.dataset.tables = "done"; return; }
      fillTable(d);
    } while (deadline && deadline.timeRemaining() > 2);
    idle(next);
  })();
  document.documentElement.dataset.charts = String(Object.keys(plots).length);
})();
