// The stylesheet of the pages, embedded in the binary: no CDN, nothing to install beside it.
#include "web/routes.hpp"

namespace opora::host::web {

namespace {

const char* const stylesheet = R"css(
:root { --ink:#1d2733; --muted:#5b6775; --line:#d5dbe2; --bg:#f6f8fa; --accent:#1f5fa8;
        --ok:#1e7d3a; --bad:#b3261e; --warn:#a15c00; --grey:#7a8591; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       color: var(--ink); background: #fff; }
header.top { display:flex; align-items:center; gap:1.5rem; padding:.5rem 1.25rem;
             background: var(--accent); color:#fff; }
header.top a { color:#fff; text-decoration:none; }
header.top .brand { font-weight:bold; font-size:1.2rem; letter-spacing:.05em; }
nav.main a { margin-right:1rem; }
.who { margin-left:auto; display:flex; gap:.75rem; align-items:center; font-size:.9rem; }
.who form { margin:0; }
.who button { background:transparent; color:#fff; border:1px solid #fff; border-radius:3px;
              padding:.15rem .6rem; cursor:pointer; }
nav.territory { display:flex; flex-wrap:wrap; gap:.25rem 1rem; padding:.5rem 1.25rem;
                background: var(--bg); border-bottom:1px solid var(--line); }
nav.territory .tname { font-weight:bold; margin-right:1rem; }
nav.territory a { color: var(--accent); }
main { padding: 1rem 1.25rem 2rem; max-width: 1400px; }
h1 { font-size:1.4rem; margin:.5rem 0 1rem; }
h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; }
table { border-collapse: collapse; width:100%; margin: .5rem 0 1rem; }
th, td { border:1px solid var(--line); padding:.3rem .5rem; vertical-align: top; text-align:left; }
th { background: var(--bg); font-weight:600; }
td.num, th.num { text-align:right; white-space:nowrap; }
.muted { color: var(--muted); }
.error { color: var(--bad); font-weight:600; }
.notice { background:#eef5ff; border:1px solid #bcd3f0; padding:.5rem .75rem; margin:.5rem 0; }
.mark { display:inline-block; padding:0 .4rem; border-radius:3px; font-size:.85rem;
        background:#eceff3; white-space:nowrap; }
.mark-done { background:#dff3e4; color: var(--ok); }
.mark-done_late { background:#fff1d6; color: var(--warn); }
.mark-overdue { background:#fde2df; color: var(--bad); }
.mark-due, .mark-window, .mark-in_progress { background:#e3edfb; color: var(--accent); }
.mark-cancelled { background:#eceff3; color: var(--grey); text-decoration: line-through; }
.light { display:inline-block; padding:0 .45rem; border-radius:9px; font-size:.85rem;
         white-space:nowrap; }
.light::before { content:"●"; margin-right:.3rem; }
.light-met { color: var(--ok); background:#dff3e4; }
.light-missed { color: var(--bad); background:#fde2df; }
.light-not_due { color: var(--grey); background:#eceff3; }
.light-none { color: var(--muted); background: transparent; }
.totals { display:flex; flex-wrap:wrap; gap:1rem; margin: .5rem 0 1rem; }
.totals div { border:1px solid var(--line); border-radius:4px; padding:.5rem .9rem; min-width:9rem; }
.totals b { display:block; font-size:1.5rem; }
form.inline { display:inline; }
form.card { border:1px solid var(--line); border-radius:4px; padding:.75rem; margin:.5rem 0;
            background: var(--bg); max-width: 46rem; }
form.card label { display:block; margin:.35rem 0; }
form.card input[type=text], form.card input[type=password], form.card input[type=date],
form.card select, form.card textarea { width:100%; padding:.3rem; font: inherit; }
button, .button { background: var(--accent); color:#fff; border:0; border-radius:3px;
                  padding:.35rem .9rem; font: inherit; cursor:pointer; text-decoration:none; }
.months a { margin-right: .75rem; }
ul.downloads li { margin: .3rem 0; }
figure.chart { margin: .75rem 0 1.25rem; }
figure.chart figcaption { font-weight:600; margin:0 0 .25rem; }
figure.chart img { display:block; max-width:100%; height:auto; }
.wide { overflow-x:auto; }
footer { color: var(--muted); font-size:.8rem; padding: 1rem 1.25rem; border-top:1px solid var(--line); }
@media print {
  header.top, nav, form, footer, button, .months { display:none !important; }
  main { padding:0; max-width:none; }
  body { font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  table { page-break-inside: auto; } tr { page-break-inside: avoid; }
  figure.chart { break-inside: avoid; page-break-inside: avoid; }
  .wide { overflow: visible; }
}
)css";

}  // namespace

void add_asset_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/assets/opora.css", Kind::asset, std::nullopt, TargetFrom::none,
                 "Таблица стилей страниц (встроена в программу)", [](Ctx& c) {
                   c.res.set_header("Cache-Control", "max-age=3600");
                   c.res.set_content(stylesheet, "text/css; charset=utf-8");
                 }});
}

}  // namespace opora::host::web
