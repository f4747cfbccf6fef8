-- Новосибирская область: «группа риска» and «группа профилактики учебной неуспешности» from the
-- regional monitoring of preparation quality (procedure РМКП, imported and checked by the
-- compiled regional plugin `novosibirsk`) plus ЕГЭ, ОГЭ and ВПР of the previous year.
local results = require "federal.lib.results"

category { code = "risk_group", title = "Группа риска (низкие результаты ЕГЭ, ОГЭ, ВПР)" }

-- The plugin's criterion flags the prevention group from the monitoring alone; the region sets
-- its thresholds here.
configure { nso_monitoring_low = { below_basic_share = 0.25, min_works = 2 } }

-- Группа риска: in the previous year's state exams or ВПР, at least `fail_share` of participants
-- got "2" in at least `min_works` works, or the share of "2" over all of them reached `overall`.
criterion {
  id = "nso_risk_group",
  title = "Группа риска по результатам ЕГЭ, ОГЭ и ВПР",
  category = "risk_group",
  years = 1,  -- results read: the year under review only
  params = { fail_share = 0.25, min_works = 2, overall = 0.18, min_participants = 5,
             procedures = "ЕГЭ, ОГЭ, ВПР" },
  evaluate = function(school, p, _, run)
    local procs = results.list(p.procedures)
    local n, keys = results.failing(school, run.year, procs, p.fail_share, p.min_participants)
    local share = results.share2(school, run.year, procs, p.min_participants)
    local flagged = n >= p.min_works or (share ~= nil and share >= p.overall)
    return flagged, n, string.format(
      "%d г.: работ ЕГЭ/ОГЭ/ВПР с долей «2» не менее %s: %d%s; доля «2» по всем работам %s (порог %s)",
      run.year, results.percent(p.fail_share), n,
      n > 0 and (" (" .. table.concat(results.keys(keys), "; ") .. ")") or "",
      share and results.percent(share) or "нет данных", results.percent(p.overall))
  end,
}
