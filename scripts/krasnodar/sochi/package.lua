-- Город-курорт Сочи: муниципальная Дорожная карта по методическому сопровождению системы работы
-- со ШНОР (приказ от 28.01.2021 № 76). The municipal level (1-20) is done once; each ШНОР does
-- the school level (21-35). The document names a form for each row, not a figure: the
-- indicators are the shares of ШНОР that have done the school-level rows, and the seminars held.
package {
  name  = "Город-курорт Сочи",
  level = "municipality",
}

require "roadmap"

local function shnor(id, activity, title)
  indicator { id = id, title = title, unit = "percent", scope = "territory",
              type = "share_done", args = { category = "low_results", activity = activity },
              target = "100%" }
end

indicator {
  id = "seminars_held",
  title = "Проведено семинаров/вебинаров/круглых столов/мастер-классов для ШНОР/ШССУ",
  unit = "count", scope = "territory",
  type = "count_done", args = { activity = "10" },
}

shnor("social_passport_share", "21", "Доля ШНОР, подготовивших социальный паспорт школы")
shnor("transition_programme_share", "23",
      "Доля ШНОР, разработавших программу перехода в режим эффективного функционирования и развития")
shnor("teachers_iom_share", "28", "Доля ШНОР, разработавших ИОМ для учителей")
shnor("students_iom_share", "29", "Доля ШНОР, разработавших ИОМ для обучающихся")
shnor("risk_profile_share", "31", "Доля ШНОР, составивших рисковый профиль ОО")

report {
  id = "monthly",
  title = "Ежемесячный отчёт о реализации муниципальной Дорожной карты города-курорта Сочи",
  sections = { "header", "summary", "roadmap", "matrix", "indicators", "schools", "dynamics",
               "risk_profiles" },
}
