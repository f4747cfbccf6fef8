// The stylesheet embedded in every HTML report: screen and A4 print, with table headers that
// repeat on each printed page and status colours that survive printing.
#pragma once

namespace opora::host::render {

inline constexpr const char* kHtmlStyle = R"css(
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       color: #212121; line-height: 1.4; margin: 0 auto; padding: 12mm 0; max-width: 190mm; }
header.report-head { border-bottom: 2px solid #1f3b64; padding-bottom: 8px; margin-bottom: 14px; }
.territory { font-size: 11pt; color: #1f3b64; font-weight: bold; margin: 0; }
h1 { font-size: 17pt; margin: 4px 0 6px; color: #1f3b64; }
h2 { font-size: 13.5pt; color: #1f3b64; border-bottom: 1px solid #c5cfe0; padding-bottom: 2px;
     margin: 20px 0 8px; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 12px 0 6px; break-after: avoid; page-break-after: avoid; }
.meta { margin: 2px 0; color: #424242; }
.synthetic { display: inline-block; margin: 8px 0 0; padding: 4px 10px; border: 2px dashed #ef6c00;
             color: #bf360c; font-weight: bold; background: #fff3e0; }
nav.toc ol { margin: 4px 0 0; padding-left: 20px; columns: 2; }
nav.toc a { color: #1f3b64; }
.figures { display: flex; flex-wrap: wrap; gap: 8px; }
.figure { flex: 1 1 150px; border: 1px solid #d0d7e2; border-left: 5px solid #90a4ae; padding: 6px 8px;
          break-inside: avoid; page-break-inside: avoid; }
.figure-value { font-size: 16pt; font-weight: bold; }
.figure-label { font-size: 9pt; color: #424242; }
.figure-status { font-size: 8.5pt; font-weight: bold; }
table.data { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 4px 0 10px; }
table.data th { background: #1f3b64; color: #fff; text-align: left; padding: 4px 5px;
                vertical-align: bottom; }
table.data td { border-bottom: 1px solid #dde3ec; padding: 3px 5px; vertical-align: top; }
table.data tbody tr:nth-child(even) { background: #f7f9fc; }
table.data .num { text-align: right; }
table.data td.num { white-space: nowrap; }
table.data .date { white-space: nowrap; }
table.data tr.row-overdue { background: #fdecea; }
table.data tr.row-due { background: #fff4e5; }
thead { display: table-header-group; }
tr, figure.chart { break-inside: avoid; page-break-inside: avoid; }
.badge { display: inline-block; min-width: 1.4em; text-align: center; color: #fff; font-weight: bold;
         border-radius: 3px; padding: 0 3px; margin-right: 4px; }
td.status { min-width: 7.5em; }
figure.chart { margin: 6px 0 12px; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
p.text { margin: 4px 0 8px; }
footer { margin-top: 18px; border-top: 1px solid #c5cfe0; padding-top: 4px; font-size: 8.5pt;
         color: #616161; }
@media print {
  body { padding: 0; max-width: none; }
  nav.toc { display: none; }
}
)css";

}  // namespace opora::host::render
