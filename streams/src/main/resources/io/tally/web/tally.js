// Tally's live page: reads Tally's JSON API only (/api/v1/runs, /api/v1/figures/{id}/daily) and
// polls it every second while the run replays, every five seconds once it has ended.
"use strict";
(function () {
  const FAST_MS = 1000;
  const SLOW_MS = 5000;
  const STATUS_WORDS = { EXACT: "✓ exact", PENDING: "… pending", MISMATCH: "✗ mismatch" };
  const STATE_WORDS = {
    DECLARED: "declared, no event counted yet",
    REPLAYING: "replaying",
    COMPLETE: "complete",
    SUPERSEDED: "superseded by a newer run",
  };
  const $ = (id) => document.getElementById(id);

  let runId = runIdFromPath();
  let figureId = null;
  let chart = null;
  let chartFigure = null;
  let lastRun = null;
  let renders = 0;
  const open = new Set(); // figures whose sentence the reader expanded

  function runIdFromPath() {
    const m = location.pathname.match(/^\/runs\/([^/]+)$/);
    return m ? decodeURIComponent(m[1]) : null;
  }

  async function getJson(path) {
    const response = await fetch(path, { cache: "no-store" });
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.message || response.status + " on " + path);
    }
    return body;
  }

  // Plain decimal strings from the API, digits grouped for reading; never through a float.
  function grouped(text) {
    if (text === null || text === undefined) return "–";
    return String(text).replace(/\d+(\.\d+)?/g, (m) => {
      const [whole, frac] = m.split(".");
      const g = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
      return frac === undefined ? g : g + "." + frac;
    });
  }

  function words(id) {
    return String(id || "").toLowerCase().replace(/_/g, " ");
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === "class") node.className = v;
      else if (k.startsWith("data-")) node.setAttribute(k, v);
      else node[k] = v;
    });
    children.forEach((c) => node.append(c));
    return node;
  }

  function formatTime(iso, timeZone) {
    if (!iso) return "not started";
    const options = { dateStyle: "medium", timeStyle: "short", timeZone: timeZone || "UTC" };
    try {
      return new Intl.DateTimeFormat("en-GB", options).format(new Date(iso)) +
        " (" + (timeZone || "UTC") + ")";
    } catch (e) {
      return iso;
    }
  }

  function chooseRun(runs) {
    if (runId && runs.some((r) => r.runId === runId)) return runId;
    const live = runs.filter((r) => r.state === "REPLAYING" || r.state === "DECLARED");
    const pool = live.length ? live : runs.filter((r) => r.state !== "SUPERSEDED");
    const sorted = (pool.length ? pool : runs)
      .slice()
      .sort((a, b) => String(b.declaredAt || "").localeCompare(String(a.declaredAt || "")));
    return sorted.length ? sorted[0].runId : null;
  }

  function renderPicker(runs) {
    const picker = $("run-picker");
    const options = runs.map((r) => {
      const title = (r.scenario && (r.scenario.title || r.scenario.id)) || "";
      return el("option", { value: r.runId, selected: r.runId === runId },
        r.runId + " · " + words(r.state) + (title ? " · " + title : ""));
    });
    const same = picker.options.length === options.length &&
      options.every((o, i) => picker.options[i].value === o.value &&
        picker.options[i].textContent === o.textContent);
    if (!same) picker.replaceChildren(...options);
    picker.value = runId || "";
  }

  function renderSummary(run) {
    document.body.dataset.runId = run.runId;
    $("title").textContent = (run.scenario.title || run.scenario.id) + " · run " + run.runId;
    document.title = "Tally: " + (run.scenario.title || run.scenario.id);
    const state = $("state");
    state.textContent = STATE_WORDS[run.state] || words(run.state);
    state.dataset.state = run.state;
    state.className = "state " + words(run.state);
    // Counted from the table itself, so the headline, the themes and the rows always agree.
    const rows = run.reconciliation || [];
    $("exact").textContent = rows.length
      ? rows.filter((r) => r.status === "EXACT").length
      : run.exact;
    $("figures").textContent = run.figures;
    $("events-counted").textContent = grouped(run.eventsCounted);
    $("events").textContent = grouped(run.events);
    const time = $("report-time");
    time.textContent = formatTime(run.lastEventTime, run.scenario.timeZone);
    time.dateTime = run.lastEventTime || "";
    const first = Date.parse(run.declaredFirstEventTime);
    const last = Date.parse(run.declaredLastEventTime);
    const now = run.lastEventTime ? Date.parse(run.lastEventTime) : first;
    const share = last > first ? Math.min(1, Math.max(0, (now - first) / (last - first))) : 0;
    bar($("time-bar"), share);
    $("report-span").textContent = run.declaredFirstEventTime
      ? "of " + formatTime(run.declaredFirstEventTime, run.scenario.timeZone) + " to " +
        formatTime(run.declaredLastEventTime, run.scenario.timeZone)
      : "";
  }

  function bar(node, share) {
    const percent = Math.round(share * 1000) / 10;
    node.setAttribute("aria-valuenow", String(percent));
    node.firstElementChild.style.width = percent + "%";
  }

  function themesOf(run) {
    const rows = run.reconciliation || [];
    const declared = run.themes && run.themes.length
      ? run.themes.map((t) => ({ id: t.id, label: t.label }))
      : [...new Set(rows.map((r) => r.theme))].map((id) => ({ id: id, label: id }));
    return declared.map((t) => {
      const figures = rows.filter((r) => r.theme === t.id);
      return {
        id: t.id,
        label: t.label,
        declared: figures.length,
        exact: figures.filter((r) => r.status === "EXACT").length,
      };
    });
  }

  function renderThemes(run) {
    const items = themesOf(run).map((t) => {
      const bars = el("div", { class: "bar" }, el("div"));
      bars.setAttribute("role", "progressbar");
      bars.setAttribute("aria-label", t.label);
      bars.setAttribute("aria-valuemin", "0");
      bars.setAttribute("aria-valuemax", "100");
      bar(bars, t.declared ? t.exact / t.declared : 0);
      return el("li",
        { class: t.declared && t.exact === t.declared ? "done" : "",
          "data-theme": t.id, "data-exact": t.exact, "data-declared": t.declared },
        el("div", { class: "row" },
          el("span", { class: "label" }, t.label),
          el("span", { class: "count" }, t.exact + " of " + t.declared + " exact")),
        bars);
    });
    $("themes").replaceChildren(...items);
  }

  function renderFigurePicker(run) {
    const rows = run.reconciliation || [];
    if (!figureId || !rows.some((r) => r.figureId === figureId)) {
      // Start with the figure that has the most days to show: a counter with the most events.
      const counters = rows.filter((r) => r.kind === "counter");
      const best = (counters.length ? counters : rows)
        .slice()
        .sort((a, b) => b.eventsInFigure - a.eventsInFigure || b.eventsCounted - a.eventsCounted)[0];
      figureId = (best || {}).figureId || null;
    }
    const picker = $("figure-picker");
    if (picker.options.length !== rows.length ||
        rows.some((r, i) => picker.options[i].value !== r.figureId)) {
      picker.replaceChildren(...rows.map((r) =>
        el("option", { value: r.figureId }, r.label + " (" + r.unit + ")")));
    }
    picker.value = figureId || "";
    const row = rows.find((r) => r.figureId === figureId);
    $("figure-sentence").textContent = row ? "“" + row.sentence + "”" : "";
  }

  function renderTable(run) {
    const rows = (run.reconciliation || []).map((r) => {
      const details = el("details", { open: open.has(r.figureId) },
        el("summary", {}, r.label),
        el("p", {}, r.sentence),
        el("p", {}, r.figureId + " · " + words(r.kind) + " · stated " + grouped(r.stated) +
          " " + r.unit + " (" + words(r.qualifier) + ")"));
      details.addEventListener("toggle", () => {
        if (details.open) open.add(r.figureId); else open.delete(r.figureId);
      });
      const tr = el("tr",
        { class: r.figureId === figureId ? "chosen" : "", title: r.sentence,
          "data-figure": r.figureId, "data-status": r.status },
        el("td", { class: "figure" }, details),
        el("td", { class: "wide theme" }, r.theme),
        el("td", { class: "num stated" }, grouped(r.stated)),
        el("td", { class: "num counted" }, grouped(r.aggregated)),
        el("td", { class: "wide unit" }, r.unit),
        el("td", { class: "wide qualifier" }, words(r.qualifier)),
        el("td", { class: "num wide events" }, r.eventsCounted + " / " + r.eventsInFigure),
        el("td", { class: "status " + r.status }, STATUS_WORDS[r.status] || words(r.status)));
      tr.addEventListener("click", (e) => {
        if (e.target.tagName === "SUMMARY") return;
        figureId = r.figureId;
        refresh();
      });
      return tr;
    });
    document.querySelector("#reconciliation tbody").replaceChildren(...rows);
  }

  function dayToSeconds(day) {
    const [y, m, d] = day.split("-").map(Number);
    return Date.UTC(y, m - 1, d) / 1000;
  }

  async function renderChart(run) {
    const row = (run.reconciliation || []).find((r) => r.figureId === figureId);
    if (!row) return;
    const daily = await getJson("/api/v1/figures/" + encodeURIComponent(row.figureId) +
      "/daily?scenario=" + encodeURIComponent(row.scenario));
    const days = daily.days || [];
    const xs = days.map((d) => dayToSeconds(d.day));
    const perDay = days.map((d) => Number(d.value));
    let sum = 0;
    const running = row.kind === "gauge" ? perDay : perDay.map((v) => (sum += v));
    const data = [xs, perDay, running];
    const container = $("chart");
    container.dataset.figure = row.figureId;
    container.dataset.days = String(days.length);
    $("chart-note").textContent = days.length
      ? days.length + " days with events; last " + days[days.length - 1].day +
        (row.kind === "gauge" ? " (a gauge: its latest observation each day)" : "")
      : "no event counted yet";
    const width = Math.max(280, container.clientWidth || 600);
    if (chart && chartFigure === row.figureId) {
      chart.setData(data);
      return;
    }
    if (chart) chart.destroy();
    chartFigure = row.figureId;
    if (typeof uPlot === "undefined") return;
    chart = new uPlot({
      width: width,
      height: Math.min(320, Math.max(200, Math.round(width * 0.45))),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true }, day: {}, total: {} },
      axes: [
        {},
        { scale: "day", label: "per day", size: 70 },
        { scale: "total", side: 1, label: row.kind === "gauge" ? "latest" : "running total",
          size: 80, grid: { show: false } },
      ],
      series: [
        { label: "day" },
        { label: "per day (" + row.unit + ")", scale: "day", stroke: "#8aa9cf",
          fill: "rgba(138,169,207,0.45)", paths: uPlot.paths.bars({ size: [0.8, 40] }),
          points: { show: false } },
        { label: (row.kind === "gauge" ? "latest (" : "running total (") + row.unit + ")",
          scale: "total", stroke: "#1f7a3d", width: 2 },
      ],
    }, data, container);
  }

  async function refresh() {
    let delay = FAST_MS;
    try {
      const list = await getJson("/api/v1/runs");
      const runs = list.runs || [];
      const chosen = chooseRun(runs);
      if (chosen !== runId && !runIdFromPath()) runId = chosen;
      if (!runId && chosen) runId = chosen;
      renderPicker(runs);
      if (runId) {
        const run = await getJson("/api/v1/runs/" + encodeURIComponent(runId));
        lastRun = run;
        renderSummary(run);
        renderThemes(run);
        renderFigurePicker(run);
        renderTable(run);
        await renderChart(run);
        if (run.state === "COMPLETE" || run.state === "SUPERSEDED") delay = SLOW_MS;
      }
      $("error").hidden = true;
      renders += 1;
      document.body.dataset.renders = String(renders);
      $("updated").textContent = new Date().toLocaleTimeString();
    } catch (e) {
      $("error").textContent = "Could not read the API: " + e.message + " (retrying)";
      $("error").hidden = false;
    }
    return delay;
  }

  async function loop() {
    const delay = await refresh();
    setTimeout(loop, delay);
  }

  $("run-picker").addEventListener("change", (e) => {
    runId = e.target.value;
    figureId = null;
    history.pushState({}, "", "/runs/" + encodeURIComponent(runId));
    refresh();
  });
  $("figure-picker").addEventListener("change", (e) => {
    figureId = e.target.value;
    refresh();
  });
  window.addEventListener("popstate", () => {
    runId = runIdFromPath();
    refresh();
  });
  window.addEventListener("resize", () => {
    if (chart) chart.setSize({ width: Math.max(280, $("chart").clientWidth), height: chart.height });
  });
  loop();
})();
