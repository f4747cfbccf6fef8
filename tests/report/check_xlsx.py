"""Reads an XLSX file with openpyxl and prints what the renderer test asserts, as JSON.

Usage: check_xlsx.py <book.xlsx> <facts.json>. Exit 3 when openpyxl is not installed.
"""
import datetime
import json
import sys

try:
    import openpyxl
except ImportError:
    sys.exit(3)


def cell_fact(cell):
    value = cell.value
    if isinstance(value, datetime.datetime):
        kind, value = "datetime", value.date().isoformat()
    elif isinstance(value, bool):
        kind = "bool"
    elif isinstance(value, (int, float)):
        kind = "number"
    else:
        kind, value = "text", str(value)
    return {"kind": kind, "value": value, "format": cell.number_format}


def main():
    book = openpyxl.load_workbook(sys.argv[1])
    facts = {"sheets": []}
    for ws in book.worksheets:
        rules = []
        for cf_range in ws.conditional_formatting:
            for rule in cf_range.rules:
                rules.append({"range": str(cf_range.sqref), "formula": list(rule.formula or [])})
        widths = {key: dim.width for key, dim in ws.column_dimensions.items() if dim.width}
        cells = {c.coordinate: cell_fact(c) for row in ws.iter_rows() for c in row if c.value is not None}
        facts["sheets"].append({
            "name": ws.title,
            "freeze": ws.freeze_panes,
            "autofilter": ws.auto_filter.ref,
            "conditional": rules,
            "widths": widths,
            "paper": ws.page_setup.paperSize,
            "orientation": ws.page_setup.orientation,
            "fit_width": ws.page_setup.fitToWidth,
            "fit_height": ws.page_setup.fitToHeight,
            "fit": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
            "print_title_rows": ws.print_title_rows,
            "cells": cells,
        })
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(facts, out, ensure_ascii=False)


main()
