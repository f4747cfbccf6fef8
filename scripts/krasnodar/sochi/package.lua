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

-- «500+» (Федеральный проект): the order names eight ШНОР under the project's targeted
-- methodical support. For each of them: the school-level rows of the roadmap (21–35) done and
-- due by the month's end, and the share of "2" in ВПР of the plan year against the year before.
section {
  id = "program_500",
  title = "Федеральный проект «500+»: адресная методическая поддержка школ",
  build = function(ctx)
    local schools = ctx:identified("program_500")
    if #schools == 0 then
      return { { type = "paragraph",
                 text = "Школы проекта «500+» не отобраны (opora identify --save)." } }
    end
    local shnor = {}
    for _, s in ipairs(ctx:identified("low_results")) do shnor[s.login] = true end
    local done, due = {}, {}
    for a = 21, 35 do
      for _, occ in ipairs(ctx:occurrences(tostring(a))) do
        if occ.school then
          local l = occ.school.login
          if occ.status == "done" then done[l] = (done[l] or 0) + 1 end
          if occ.due ~= "" and occ.due <= ctx.as_of then due[l] = (due[l] or 0) + 1 end
        end
      end
    end
    local function share(s, year)
      local v = s:share2 { year = year, procedure = "ВПР", min_participants = 10 }
      return v and v * 100 or nil
    end
    local rows, bars, all_done, all_due = {}, {}, 0, 0
    for _, s in ipairs(schools) do
      local d, n = done[s.login] or 0, due[s.login] or 0
      all_done, all_due = all_done + d, all_due + n
      rows[#rows + 1] = { login = s.login, name = s.name, shnor = shnor[s.login] and "да" or "нет",
                          done = d, due = n, now = share(s, ctx.year), before = share(s, ctx.year - 1) }
      bars[#bars + 1] = { label = s.name, value = n > 0 and 100 * d / n or 0 }
    end
    return {
      { type = "key_value", title = "Итоги месяца",
        items = { { label = "Школ проекта", value = #schools },
                  { label = "Мероприятий школьного уровня выполнено", value = all_done .. " из " .. all_due } } },
      { type = "table", title = "Школы проекта «500+»",
        columns = { { key = "login", title = "Логин", type = "text" },
                    { key = "name", title = "Школа", type = "text" },
                    { key = "shnor", title = "ШНОР", type = "text" },
                    { key = "done", title = "Выполнено (21–35)", type = "count" },
                    { key = "due", title = "Срок наступил", type = "count" },
                    { key = "now", title = "Доля «2» ВПР, " .. ctx.year, type = "percent" },
                    { key = "before", title = "Доля «2» ВПР, " .. (ctx.year - 1), type = "percent" } },
        rows = rows },
      { type = "bar_chart", unit = "percent", title = "Выполнено мероприятий школьного уровня",
        bars = bars },
    }
  end,
}

report {
  id = "monthly",
  title = "Ежемесячный отчёт о реализации муниципальной Дорожной карты города-курорта Сочи",
  sections = { "header", "summary", "roadmap", "matrix", "indicators", "schools", "program_500",
               "dynamics", "risk_profiles" },
}
