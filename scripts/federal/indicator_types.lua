-- Indicator types: formula families that indicators of every level instantiate with arguments
-- (numerator and denominator; the host derives the value and compares it with the target).

-- Schools of a category that have done an activity: at least one of the school's occurrences is
-- done and none is overdue (its due date passed before the date, neither done nor cancelled). So
-- a quarterly per-school activity with a quarter overdue does not count the school — which is
-- what the report's status of that quarter says («просрочено») — and an early completion counts
-- before anything is due.
indicator_type {
  id = "share_done",
  title = "Доля школ категории, выполнивших мероприятие",
  args = { category = "low_results", activity = "" },
  compute = function(ctx, a)
    local schools = ctx:identified(a.category)
    local members = {}
    for _, s in ipairs(schools) do members[s.login] = true end
    local done, missing, plain_done, plain_total = {}, {}, 0, 0
    for _, occ in ipairs(ctx:occurrences(a.activity)) do
      if occ.school then
        local login = occ.school.login
        if members[login] then
          if occ.status == "done" then
            done[login] = true
          elseif occ.status ~= "cancelled" and occ.due ~= "" and occ.due < ctx.as_of then
            missing[login] = true
          end
        end
      else
        plain_total = plain_total + 1
        if occ.status == "done" then plain_done = plain_done + 1 end
      end
    end
    local n = 0
    for login in pairs(done) do if not missing[login] then n = n + 1 end end
    if n == 0 and plain_total > 0 then
      -- A territory-level activity: done once for all schools of the category.
      n = plain_done > 0 and #schools or 0
    end
    return n, #schools, string.format("школ, выполнивших мероприятие %s: %d из %d", a.activity, n, #schools)
  end,
}

-- Schools of a category recorded as participants of an event.
indicator_type {
  id = "participation_share",
  title = "Доля школ, принявших участие",
  args = { category = "low_results", activity = "" },
  compute = function(ctx, a)
    local schools = ctx:identified(a.category)
    local took = {}
    for _, s in ipairs(ctx:participants(a.activity)) do took[s.login] = true end
    local n = 0
    for _, s in ipairs(schools) do if took[s.login] then n = n + 1 end end
    return n, #schools, string.format("школ-участниц мероприятия %s: %d из %d", a.activity, n, #schools)
  end,
}

-- People with a role recorded as participants, over a territory figure (e.g. all teachers).
indicator_type {
  id = "people_share",
  title = "Доля работников, принявших участие",
  args = { activity = "", role = "", total = "teachers_total" },
  compute = function(ctx, a)
    local n = ctx:people(a.activity, a.role)
    local total = ctx:observation(a.total) or 0
    -- The figure's id (teachers_total) is not a word for the reader, nor is the command that
    -- loads it (the report goes to the ministry); without the figure there is no denominator,
    -- which is said rather than shown as «из 0».
    if total <= 0 then
      return n, 0, string.format("участников: %d; общее число работников территории не загружено", n)
    end
    return n, total, string.format("участников: %d из %d", n, math.floor(total))
  end,
}

-- Number of events held ("Не менее 2 встреч"): every done record of an occurrence counts, so
-- two meetings recorded for one deadline («май») make 2.
indicator_type {
  id = "count_done",
  title = "Количество проведённых мероприятий",
  args = { activity = "" },
  compute = function(ctx, a)
    local n = 0
    for _, occ in ipairs(ctx:occurrences(a.activity)) do
      if occ.status == "done" then n = n + math.max(occ.events or 1, 1) end
    end
    return n, 1, string.format("проведено: %d", n)
  end,
}

-- Schools of a category whose share of "2" fell against the year before.
indicator_type {
  id = "positive_dynamics_share",
  title = "Доля школ с положительной динамикой образовательных результатов",
  args = { category = "low_results", procedure = "ВПР", min_participants = 10 },
  compute = function(ctx, a)
    local schools = ctx:identified(a.category)
    local better, compared = 0, 0
    -- share of "2" of a year, nil without enough participants
    local function share(s, year)
      local v, n = s:share2 { year = year, procedure = a.procedure, min_participants = a.min_participants }
      if not v or not n or n == 0 then return nil end
      return v
    end
    for _, s in ipairs(schools) do
      -- the latest year with results against the one before it
      local year = ctx.year
      local now = share(s, year)
      if not now then
        year = year - 1
        now = share(s, year)
      end
      local before = share(s, year - 1)
      if now and before then
        compared = compared + 1
        if now < before then better = better + 1 end
      end
    end
    return better, #schools, string.format(
      "школ, у которых доля «2» (%s) снизилась: %d из %d (сопоставимы: %d)",
      a.procedure, better, #schools, compared)
  end,
}
