-- Сочи (Краснодарский край, приказ 2021 г.): a school is ШНОР by any of three routes of the
-- region's low_results (scripts/krasnodar/criteria.lua): ЕГЭ below the minimum for ≥ 8 % of
-- participants in BOTH years, «2» in ВПР for ≥ 22 % in EITHER year, or signs of non-objective
-- ВПР (≥ 45 % of «5»). «500+» takes schools with ≥ 45 % of «2» over ВПР and ЕГЭ in both years.

local function work(login, procedure, year, grade, n, m2, m5)
  m5 = m5 or 0
  return { login = login, procedure = procedure, year = year, grade = grade,
           subject = "Русский язык", participants = n, m2 = m2, m3 = n - m2 - m5, m4 = 0, m5 = m5 }
end

case {
  name = "Сочи: маршрут ЕГЭ — ниже минимума 10 % в оба года; в один год — нет",
  year = 2023,
  schools = { { login = "ege2" }, { login = "ege1" } },
  results = {
    work("ege2", "ЕГЭ", 2022, 11, 20, 2), work("ege2", "ЕГЭ", 2023, 11, 20, 2),
    -- 1/20 = 5 % in 2022 is under 8 %.
    work("ege1", "ЕГЭ", 2022, 11, 20, 1), work("ege1", "ЕГЭ", 2023, 11, 20, 2),
  },
  expect = {
    flagged = { low_results = { "ege2" } },
    not_flagged = { low_results = { "ege1" } },
    explains = { ege2 = { low_results = "основания (2022–2023): ЕГЭ." },
                 ege1 = { low_results = "оснований нет" } },
  },
}

case {
  name = "Сочи: маршрут ВПР — «2» у 25 % в одном году достаточно, 20 % — нет",
  year = 2023,
  schools = { { login = "vpr25" }, { login = "vpr20" } },
  results = {
    work("vpr25", "ВПР", 2023, 5, 20, 5),
    work("vpr20", "ВПР", 2022, 5, 20, 4), work("vpr20", "ВПР", 2023, 5, 20, 4),
  },
  expect = {
    flagged = { low_results = { "vpr25" } },
    not_flagged = { low_results = { "vpr20" } },
    explains = { vpr25 = { low_results = "основания (2022–2023): ВПР." } },
  },
}

case {
  name = "Сочи: маршрут необъективности — «5» у половины участников ВПР",
  year = 2023,
  schools = { { login = "bias" } },
  results = { work("bias", "ВПР", 2023, 5, 20, 0, 10) },
  expect = {
    flagged = { low_results = { "bias" } },
    explains = { bias = { low_results = "необъективность ВПР 2023" } },
  },
}

case {
  name = "Сочи: «500+» — доля «2» по ВПР и ЕГЭ от 45 % в оба года",
  year = 2023,
  schools = { { login = "weak" }, { login = "once" } },
  results = {
    -- weak: 9/20 = 45 % and 10/20 = 50 %.
    work("weak", "ВПР", 2022, 5, 20, 9), work("weak", "ЕГЭ", 2023, 11, 20, 10),
    -- once: 8/20 = 40 % in 2022.
    work("once", "ВПР", 2022, 5, 20, 8), work("once", "ВПР", 2023, 5, 20, 10),
  },
  expect = {
    flagged = { program_500 = { "weak" }, low_results = { "weak", "once" } },
    not_flagged = { program_500 = { "once" } },
  },
}
