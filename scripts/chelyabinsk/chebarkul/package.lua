-- Чебаркульский городской округ: комплекс мероприятий превентивной поддержки на 2023 год
-- (утвержден приказом от 10.04.2023 № 145/1-Д). Its results are «выходные документы»; the
-- indicators count the documented events, without targets (the document sets none).
package {
  name  = "Чебаркульский городской округ",
  level = "municipality",
}

require "roadmap"

indicator {
  id = "schools_assigned", title = "Издан приказ об отнесении школ к ШНОР и/или ШНСУ",
  unit = "count", scope = "territory",
  type = "count_done", args = { activity = "1" }, target = "1",
}

indicator {
  id = "method_events", title = "Проведено методических советов (мероприятие 4)",
  unit = "count", scope = "territory",
  type = "count_done", args = { activity = "4" },
}

indicator {
  id = "results_summed", title = "Подведены итоги работы со школами за 2023 год",
  unit = "count", scope = "territory",
  type = "count_done", args = { activity = "19" }, target = "1",
}

report {
  id = "monthly",
  title = "Ежемесячный отчёт о реализации комплекса мероприятий Чебаркульского городского округа",
  sections = { "header", "summary", "roadmap", "matrix", "indicators", "schools", "dynamics",
               "risk_profiles" },
}
