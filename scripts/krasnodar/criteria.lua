-- Краснодарский край (as Sochi's 2021 order applies it): ШНОР are schools with low ЕГЭ results
-- in both of two years, or low ВПР results, or signs of non-objective ВПР results in the same
-- years. A stricter subset took part in the federal project «500+». The region's own diagnostic
-- works (КДР) are in the data and shown in explanations, but not used by the rule.
local results = require "federal.lib.results"

category { code = "program_500", title = "Участники проекта «500+»" }

local function years_text(y) return string.format("%d–%d", y - 1, y) end

-- Share of "2" (below the minimum score) over a procedure's works of a year.
local function share(school, year, proc, min_participants)
  return results.share2(school, year, { proc }, min_participants)
end

-- Signs of non-objective ВПР: ВПР marks far above the school's ОГЭ marks, or an implausibly
-- high share of "5" in ВПР.
local function vpr_bias(school, year, p)
  local vpr = school:aggregate { year = year, procedure = "ВПР", min_participants = p.min_participants }
  if vpr.participants == 0 then return false, "нет ВПР" end
  local share5 = vpr.m5 / vpr.participants
  local v = results.mean_mark(school, year, { "ВПР" }, p.min_participants)
  local o = results.mean_mark(school, year, { "ОГЭ" }, p.min_participants)
  local gap = (v and o) and (v - o) or nil
  local biased = share5 >= p.bias_share5 or (gap ~= nil and gap >= p.bias_gap)
  return biased, string.format("доля «5» в ВПР %s%s", results.percent(share5),
                               gap and (", разрыв ВПР−ОГЭ " .. results.num(gap, 2)) or "")
end

-- Replaces the federal ШНОР rule for the region.
criterion {
  id = "low_results",
  title = "ШНОР: низкие результаты ЕГЭ двух лет, низкие результаты ВПР или признаки необъективности ВПР",
  category = "low_results",
  years = 2,  -- results read: the year under review and the one before
  params = {
    ege_fail_share = 0.08,  -- share below the minimum score in ЕГЭ, in both years
    vpr_fail_share = 0.22,  -- share of "2" over all ВПР works, in either year
    bias_share5 = 0.45, bias_gap = 0.9,
    min_participants = 5,
  },
  evaluate = function(school, p, _, run)
    local y0, y1 = run.year - 1, run.year
    local routes, parts = {}, {}
    local e0, e1 = share(school, y0, "ЕГЭ", p.min_participants), share(school, y1, "ЕГЭ", p.min_participants)
    parts[#parts + 1] = string.format("ЕГЭ ниже минимума: %d — %s, %d — %s", y0,
      e0 and results.percent(e0) or "нет", y1, e1 and results.percent(e1) or "нет")
    if e0 and e1 and e0 >= p.ege_fail_share and e1 >= p.ege_fail_share then routes[#routes + 1] = "ЕГЭ" end
    local v0, v1 = share(school, y0, "ВПР", p.min_participants), share(school, y1, "ВПР", p.min_participants)
    parts[#parts + 1] = string.format("«2» в ВПР: %d — %s, %d — %s", y0,
      v0 and results.percent(v0) or "нет", y1, v1 and results.percent(v1) or "нет")
    if (v0 and v0 >= p.vpr_fail_share) or (v1 and v1 >= p.vpr_fail_share) then routes[#routes + 1] = "ВПР" end
    for _, y in ipairs { y0, y1 } do
      local biased, text = vpr_bias(school, y, p)
      parts[#parts + 1] = string.format("%d: %s", y, text)
      if biased then routes[#routes + 1] = "необъективность ВПР " .. y; break end
    end
    local kdr = share(school, y1, "КДР", p.min_participants)
    if kdr then parts[#parts + 1] = string.format("КДР %d: «2» — %s", y1, results.percent(kdr)) end
    local flagged = #routes > 0
    return flagged, #routes, string.format("%s. %s",
      flagged and ("основания (" .. years_text(y1) .. "): " .. table.concat(routes, ", ")) or "оснований нет",
      table.concat(parts, "; "))
  end,
}

-- «500+»: the weakest — share of "2" over ВПР and ЕГЭ at least `share` in both years.
criterion {
  id = "program_500",
  title = "Отбор в проект «500+»: стабильно самые низкие результаты ВПР и ЕГЭ",
  category = "program_500",
  years = 2,  -- results read: the year under review and the one before
  params = { share = 0.45, min_participants = 5 },
  evaluate = function(school, p, _, run)
    local procs = { "ВПР", "ЕГЭ" }
    local s0 = results.share2(school, run.year - 1, procs, p.min_participants)
    local s1 = results.share2(school, run.year, procs, p.min_participants)
    local flagged = s0 ~= nil and s1 ~= nil and s0 >= p.share and s1 >= p.share
    return flagged, s1 or 0, string.format("доля «2» по ВПР и ЕГЭ: %d — %s, %d — %s (порог %s в оба года)",
      run.year - 1, s0 and results.percent(s0) or "нет", run.year, s1 and results.percent(s1) or "нет",
      results.percent(p.share))
  end,
}
