#!/usr/bin/env python3
"""Draws a Grafana dashboard of ops/grafana/dashboards as a PNG, from a live Prometheus.

A screenshot of Grafana needs Grafana; this draws the same panels, at the same grid positions,
with the data their own PromQL returns (stat and gauge: the last value; bar gauge: one bar per
series; time series: lines over the range; table: the merged instant queries). It is how
docs/images/tally-overview.png was made. Needs matplotlib (Debian: apt-get install
python3-matplotlib) and nothing else.

  /usr/bin/python3 ops/grafana/render-dashboard.py ops/grafana/dashboards/tally-overview.json \
      --prometheus http://127.0.0.1:9090 --minutes 3 --out docs/images/tally-overview.png
"""
import argparse
import json
import math
import re
import time
import urllib.parse
import urllib.request

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROW_HEIGHT_IN = 0.32  # one Grafana grid unit (30 px) in inches
WIDTH_IN = 22.0
COLORS = ["#7eb26d", "#eab839", "#6ed0e0", "#ef843c", "#e24d42", "#1f78c1", "#ba43a9", "#705da0",
          "#508642", "#cca300", "#447ebc", "#c15c17"]


def prom(base, path, **params):
    url = base.rstrip("/") + path + "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=30) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"{url}: {body}")
    return body["data"]["result"]


def substitute(expr, variables):
    return re.sub(r"\$\{?(\w+)\}?", lambda m: variables.get(m.group(1), m.group(0)), expr)


def legend(fmt, labels, fallback):
    if not fmt or fmt == "__auto":
        return fallback
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), fmt)


def fmt_value(value, unit):
    if value is None or math.isnan(value):
        return "–"
    if unit == "percentunit":
        return f"{value * 100:.0f}%"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "bytes":
        for suffix in ("B", "KiB", "MiB", "GiB"):
            if abs(value) < 1024:
                return f"{value:.0f} {suffix}"
            value /= 1024
        return f"{value:.1f} TiB"
    if unit == "ops":
        return f"{value:.1f}/s"
    if abs(value) >= 1e6:
        return f"{value / 1e6:.2f} M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:.1f} K"
    return f"{value:.4g}"


def number(value):
    """A figure as the report writes it: every digit, no exponent."""
    if value is None or not math.isfinite(value):
        return "–"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0")


def threshold_color(panel, value):
    steps = panel.get("fieldConfig", {}).get("defaults", {}).get("thresholds", {}).get("steps", [])
    color = "#1f78c1"
    for step in steps:
        if step.get("value") is None or (value is not None and value >= step["value"]):
            color = {"green": "#56a64b", "orange": "#ff9830", "red": "#e02f44", "blue": "#3274d9"}.get(
                step["color"], step["color"])
    return color


def instant(base, panel, variables, at):
    out = []
    for target in panel.get("targets", []):
        for series in prom(base, "/api/v1/query", query=substitute(target["expr"], variables), time=at):
            out.append((target, series["metric"], float(series["value"][1])))
    return out


def draw_stat(ax, base, panel, variables, at):
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    values = instant(base, panel, variables, at)
    ax.axis("off")
    if not values:
        ax.text(0.5, 0.4, "No data", ha="center", va="center", fontsize=14, color="#888")
        return
    n = len(values)
    for i, (target, labels, value) in enumerate(values):
        y = 0.45 if n == 1 else 0.8 - i * (0.7 / max(1, n - 1))
        size = 26 if n == 1 else 15
        text = fmt_value(value, unit)
        if n > 1:
            text = f"{legend(target.get('legendFormat'), labels, '')}: {text}"
        ax.text(0.5, y, text, ha="center", va="center", fontsize=size, fontweight="bold",
                color=threshold_color(panel, value))


def draw_bargauge(ax, base, panel, variables, at):
    values = instant(base, panel, variables, at)
    values.sort(key=lambda v: legend(v[0].get("legendFormat"), v[1], ""))
    names = [legend(t.get("legendFormat"), labels, "") for t, labels, _ in values]
    numbers = [0 if math.isnan(v) else v for _, _, v in values]
    ax.barh(range(len(values)), [1] * len(values), color="#e9e9e9", height=0.7)
    ax.barh(range(len(values)), numbers, color=[threshold_color(panel, v) for v in numbers], height=0.7)
    ax.set_yticks(range(len(values)), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xticks([])
    for i, v in enumerate(numbers):
        ax.text(1.0, i, fmt_value(v, "percentunit") + " ", ha="right", va="center", fontsize=8)
    for spine in ax.spines.values():
        spine.set_visible(False)


def draw_timeseries(ax, base, panel, variables, start, end, step):
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    color = 0
    top = 0.0
    for target in panel.get("targets", []):
        expr = substitute(target["expr"], variables)
        for series in prom(base, "/api/v1/query_range", query=expr, start=start, end=end, step=step):
            xs = [float(t) - start for t, _ in series["values"]]
            ys = [float(v) for _, v in series["values"]]
            top = max([top] + [y for y in ys if math.isfinite(y)])
            ax.plot(xs, ys, linewidth=1.2, color=COLORS[color % len(COLORS)],
                    label=legend(target.get("legendFormat"), series["metric"], expr[:30]))
            color += 1
    ax.set_ylim(bottom=0, top=top * 1.1 if top > 0 else 1)
    ax.tick_params(labelsize=7)
    ax.set_xlabel("seconds", fontsize=7)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: fmt_value(v, unit)))
    ax.grid(alpha=0.3)
    if color:
        ax.legend(fontsize=6, ncol=min(4, color), loc="upper left", frameon=False)
    else:
        ax.text(0.5, 0.5, "No data", ha="center", va="center", transform=ax.transAxes, color="#888")


def draw_table(ax, base, panel, variables, at, rows_fit):
    merged = {}
    for target in panel.get("targets", []):
        expr = substitute(target["expr"], variables)
        for series in prom(base, "/api/v1/query", query=expr, time=at):
            labels = series["metric"]
            key = labels.get("figure")
            row = merged.setdefault(key, dict(labels))
            row[target["refId"]] = float(series["value"][1])
    rows = sorted(merged.values(), key=lambda r: (r.get("theme", ""), r.get("figure", "")))
    ax.axis("off")
    header = ["Theme", "Figure", "Aggregated", "Reported", "Unit", "Qualifier", "Events counted", "Status"]
    cells = []
    for r in rows[:rows_fit]:
        cells.append([r.get("theme", ""), r.get("figure", ""), number(r.get("A")), number(r.get("B")),
                      r.get("unit", ""), r.get("qualifier", ""),
                      fmt_value(r.get("C"), "percentunit"), "exact" if r.get("D") == 1 else "pending"])
    table = ax.table(cellText=cells, colLabels=header, loc="upper center", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    table.scale(1, 1.05)
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor("#dddddd")
        if row == 0:
            cell.set_facecolor("#f4f5f5")
            cell.set_text_props(fontweight="bold")
        elif col == 7:
            cell.set_facecolor("#c8e6c4" if cells[row - 1][7] == "exact" else "#ffd9b3")
    if len(rows) > rows_fit:
        ax.text(0.5, 0.0, f"… {len(rows) - rows_fit} more rows (the table scrolls)", ha="center",
                va="bottom", fontsize=7, color="#666", transform=ax.transAxes)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dashboard")
    parser.add_argument("--prometheus", default="http://127.0.0.1:9090")
    parser.add_argument("--minutes", type=float, default=5, help="time range of the time series")
    parser.add_argument("--rate-interval", default="30s", help="what $__rate_interval becomes")
    parser.add_argument("--var", action="append", default=[], help="NAME=VALUE, e.g. scenario=double11-2022")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    with open(args.dashboard, encoding="utf-8") as f:
        dashboard = json.load(f)
    variables = {"scenario": "double11-2022", "__rate_interval": args.rate_interval}
    variables.update(v.split("=", 1) for v in args.var)
    end = time.time()
    start = end - args.minutes * 60
    step = max(1, int(args.minutes * 60 / 240))

    panels = dashboard["panels"]
    bottom = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
    height_in = bottom * ROW_HEIGHT_IN + 0.8
    fig = plt.figure(figsize=(WIDTH_IN, height_in), dpi=80)
    fig.patch.set_facecolor("white")
    title = substitute(dashboard["title"], variables)
    fig.text(0.01, 1 - 0.3 / height_in, f"{title}    scenario = {variables['scenario']}",
             fontsize=15, fontweight="bold", va="top")
    top_in = 0.7

    for panel in panels:
        g = panel["gridPos"]
        x0 = g["x"] / 24
        y_top = (top_in + g["y"] * ROW_HEIGHT_IN) / height_in
        h = g["h"] * ROW_HEIGHT_IN / height_in
        w = g["w"] / 24
        name = substitute(panel.get("title", ""), variables)
        if panel["type"] == "row":
            fig.text(x0 + 0.005, 1 - y_top - h / 2, name, fontsize=12, fontweight="bold", va="center",
                     color="#333")
            continue
        pad_x, pad_top, pad_bottom = 0.006, 0.32 / height_in, 0.28 / height_in
        frame = fig.add_axes([x0 + 0.002, 1 - y_top - h + 0.05 / height_in, w - 0.004, h - 0.1 / height_in])
        frame.set_xticks([])
        frame.set_yticks([])
        frame.set_facecolor("#fbfbfb")
        for spine in frame.spines.values():
            spine.set_edgecolor("#d8d9da")
        frame.text(0.01, 0.98, name, transform=frame.transAxes, fontsize=9, fontweight="bold", va="top")
        left_pad = 0.09 if panel["type"] == "bargauge" else pad_x + 0.02
        ax = fig.add_axes([x0 + left_pad * (w if panel["type"] == "bargauge" else 1) + pad_x,
                           1 - y_top - h + pad_bottom,
                           w - 2 * pad_x - left_pad * (w if panel["type"] == "bargauge" else 1),
                           h - pad_top - pad_bottom])
        kind = panel["type"]
        if kind in ("stat", "gauge"):
            draw_stat(ax, args.prometheus, panel, variables, end)
        elif kind == "bargauge":
            draw_bargauge(ax, args.prometheus, panel, variables, end)
        elif kind == "timeseries":
            draw_timeseries(ax, args.prometheus, panel, variables, start, end, step)
        elif kind == "table":
            draw_table(ax, args.prometheus, panel, variables, end, rows_fit=int(g["h"] * 1.25) - 2)
        else:
            ax.axis("off")
    fig.savefig(args.out, dpi=80)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
