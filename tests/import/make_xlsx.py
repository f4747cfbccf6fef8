"""Writes the XLSX fixtures of the import tests with openpyxl (another program than opora), so
the reader is tested on files as Excel-compatible writers make them, malformed ones included.

Usage: make_xlsx.py <out-dir> [fioko_marks.csv]. Exit 3 when openpyxl is not installed.
"""
import csv
import datetime
import os
import re
import sys
import zipfile

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
except ImportError:
    sys.exit(3)

HEADER = ["Логин ОО", "Процедура", "Год", "Класс", "Предмет", "Количество участников"]


def results_book(rows, title=True):
    """ФИС ОКО style: a title block, a two-row header with merged cells, then the data."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Лист1"
    if title:
        sheet["A1"] = "Статистика по отметкам"
        sheet.merge_cells("A1:K1")
        sheet["A2"] = "Дата выгрузки:"
        sheet["B2"] = datetime.datetime(2024, 5, 15)
        sheet["B2"].number_format = "DD.MM.YYYY"
    top = 4 if title else 1
    for c, name in enumerate(HEADER, start=1):  # each merged down over the two header rows
        sheet.cell(top, c, name)
        sheet.merge_cells(start_row=top, start_column=c, end_row=top + 1, end_column=c)
    sheet.cell(top, 7, "Распределение отметок")
    sheet.merge_cells(start_row=top, start_column=7, end_row=top, end_column=10)
    for i, mark in enumerate(["2", "3", "4", "5"]):
        sheet.cell(top + 1, 7 + i, mark)
    sheet.cell(top, 11, "Средний балл")
    sheet.merge_cells(start_row=top, start_column=11, end_row=top + 1, end_column=11)
    for r, values in enumerate(rows, start=top + 2):
        for c, v in enumerate(values, start=1):
            sheet.cell(r, c, v)
    return book


GOOD_ROWS = [
    # participants stored as text ("20"), the year a number, the mean score a float
    ["sch740001", "ВПР", 2024, 5, "Математика", "20", 6, 8, 4, 2, 12.5],
    ["sch740002", "ВПР", 2024, 5, "Математика", 10, "1", 4, 3, 2, None],
]


def inline_strings(path, cells):
    """Moves the text of sheet1 into a shared string table, as Excel writes it (openpyxl writes
    either form, depending on its version), except the named cells, which are rewritten as
    inline strings (<is><t>…</t></is>)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, text in cells.items():
        xml, n = re.subn(r'<c r="%s"[^>]*>.*?</c>' % ref,
                         '<c r="%s" t="INLINE"><is><t>%s</t></is></c>' % (ref, text), xml)
        assert n == 1, ref
    table = []

    def shared(m):
        table.append(m.group(3))
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2), len(table) - 1)

    xml = re.sub(r'<c r="(\w+)"([^>]*?) t="inlineStr"><is><t>(.*?)</t></is></c>', shared, xml)
    xml = re.sub(r'<c r="(\w+)"([^>]*?) t="s"><v>(\d+)</v></c>',
                 lambda m: m.group(0), xml)  # those openpyxl already shared stay as they are
    xml = xml.replace('t="INLINE"', 't="inlineStr"')
    if table and "xl/sharedStrings.xml" not in parts:
        parts["xl/sharedStrings.xml"] = (
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
            'uniqueCount="%d">%s</sst>' % (len(table), len(table),
                                           "".join("<si><t>%s</t></si>" % t for t in table))).encode()
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>",
            '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdS"/></Relationships>').encode()
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace("</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>').encode()
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)

    book = results_book(GOOD_ROWS)
    ctx = book.create_sheet("Контекст")
    ctx.append(["Логин ОО", "Год", "Показатель", "Значение"])
    ctx.append(["sch740001", 2024, "teachers_share", 0.1])
    ctx.append(["sch740002", "2024", "teachers_share", "0,25"])
    book.save(p("results.xlsx"))
    inline_strings(p("results.xlsx"), {"E7": "Математика", "B6": "ВПР"})

    # Row 7 names a school that is not in the store: refused at Лист1!A7, nothing imported.
    bad = [list(GOOD_ROWS[0]), list(GOOD_ROWS[1])]
    bad[1][0] = "sch999999"
    results_book(bad).save(p("results_bad.xlsx"))

    # The first half of a good file: the zip's central directory is gone.
    with open(p("results.xlsx"), "rb") as f:
        data = f.read()
    with open(p("truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])

    # A sheet 16,384 columns wide (A..XFD): the data row has a value in every column.
    book = results_book([GOOD_ROWS[0]], title=False)
    sheet = book.active
    for c in range(12, 16385):
        sheet.cell(3, c, c)
    book.save(p("wide.xlsx"))

    # A cell past XFD, the last column a sheet can have.
    book = results_book([GOOD_ROWS[0]], title=False)
    book.active.cell(3, 16385, "x")
    book.save(p("past_xfd.xlsx"))

    # A zip bomb: a good book whose sheet part unpacks to 300 MB (blanks between elements,
    # which deflate to about 300 KB).
    with zipfile.ZipFile(p("results.xlsx")) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(p("bomb.xlsx"), "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for n, data in parts.items():
            if n != "xl/worksheets/sheet1.xml":
                z.writestr(n, data)
        sheet_xml = parts["xl/worksheets/sheet1.xml"]
        cut = sheet_xml.index(b"<sheetData>") + len(b"<sheetData>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
            w.write(sheet_xml[:cut])
            blank = b" " * (1024 * 1024)
            for _ in range(300):
                w.write(blank)
            w.write(sheet_xml[cut:])

    # Dates and times as Excel stores them: serial numbers with a date format.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Даты"
    sheet.append(["date", "datetime", "custom", "number", "text number", "bool"])
    sheet.append([datetime.date(2024, 5, 15), datetime.datetime(2024, 5, 15, 8, 30),
                  45427, 0.1, "007", True])
    sheet["C2"].number_format = "yyyy\\-mm\\-dd"
    book.save(p("dates.xlsx"))

    # The plugin fixture, cell by cell, numbers as numbers ("12,5" → 12.5).
    if len(sys.argv) > 2:
        book = openpyxl.Workbook()
        sheet = book.active
        with open(sys.argv[2], encoding="utf-8") as f:
            for r, line in enumerate(csv.reader(f, delimiter=";"), start=1):
                for c, v in enumerate(line, start=1):
                    if v == "":
                        continue
                    try:
                        v = float(v.replace(",", "."))
                        v = int(v) if v.is_integer() else v
                    except ValueError:
                        pass
                    sheet.cell(r, c, v)
        book.save(p("fioko_marks.xlsx"))


main()
