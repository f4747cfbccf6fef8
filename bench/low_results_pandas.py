"""The federal low_results rule computed by pandas from the generated CSV files.
Usage: low_results_pandas.py RESULTS_CSV YEAR  (prints flagged logins, sorted)."""
import sys

import pandas as pd

results_csv, year = sys.argv[1], int(sys.argv[2])
r = pd.read_csv(results_csv, sep=";", usecols=["login", "procedure", "year", "grade", "subject",
                                               "participants", "m2"])
r = r[r["year"].isin([year - 1, year]) & r["procedure"].isin(["ВПР", "ОГЭ", "ЕГЭ"])
      & (r["participants"] >= 10)]
f = r[r["m2"] / r["participants"] >= 0.3 - 1e-12]
now = f[f["year"] == year]
many = now.groupby("login").size()
many = set(many[many >= 2].index)
key = ["login", "procedure", "grade", "subject"]
twice = set(now.merge(f[f["year"] == year - 1][key], on=key)["login"])
for login in sorted(many & twice):
    print(login)
