-- Federal default criteria. Every threshold is a named parameter with its published default
-- (see DOMAIN.md); a region changes them with configure{} or replaces a criterion by its id.
local results = require "lib.results"
local social = require "lib.social"

local function merge(a, b)
  local out = {}
  for k, v in pairs(a) do out[k] = v end
  for k, v in pairs(b) do out[k] = v end
  return out
end

-- ШНОР (Omsk 2025 rule as the federal default): at least `fail_share` of participants got "2"
-- in `min_works` or more works of the year, and in the same work (procedure, grade, subject)
-- two years running. Works with fewer than `min_participants` participants are not judged.
-- The explanation, from the year's failing works and those failing the year before too (keys,
-- sorted): one text for both forms of the rule.
local function low_results_text(p, year, n, failing, repeated)
  return string.format(
    "%d г.: работ с долей «2» не менее %s (от %d участников): %d из требуемых %d%s; " ..
    "те же работы в %d и %d гг.: %s",
    year, results.fixed(p, "fail_share", p.fail_share), p.min_participants, n, p.min_works,
    n > 0 and (" (" .. table.concat(failing, "; ") .. ")") or "",
    year - 1, year, #repeated > 0 and table.concat(repeated, "; ") or "нет")
end

local function low_results_verdict(school, p, year)
  local procs = results.list(p.procedures)
  local n, now = results.failing(school, year, procs, p.fail_share, p.min_participants)
  local _, before = results.failing(school, year - 1, procs, p.fail_share, p.min_participants)
  local repeated = results.common(now, before)
  local many = n >= p.min_works
  local twice = #repeated > 0
  local flagged
  if p.require_both then flagged = many and twice else flagged = many or twice end
  return flagged, n, low_results_text(p, year, n, results.keys(now), repeated)
end

-- The same rule over every school of the run at once (the batch form: columns of works
-- instead of one call per school); it must give the verdicts and scores low_results_verdict
-- gives, and a test compares the two on a generated country.
local function failing_works(run, year, p)
  return run:works { year = year, procedure = results.list(p.procedures),
                     min_participants = p.min_participants, min_share2 = p.fail_share }
end

-- `state`, when given, keeps the works sets for explain.
local function low_results_flags(run, p, state)
  local now = failing_works(run, run.year, p)
  local n = now:count()
  local repeated = now:same_works(failing_works(run, run.year - 1, p))
  local twice = repeated:count()
  local flags = {}
  for i = 1, #n do
    local many, again = n[i] >= p.min_works, twice[i] > 0
    if p.require_both then flags[i] = many and again else flags[i] = many or again end
  end
  if state then state.failing, state.repeated = now, repeated end
  return flags, n
end

criterion {
  id = "low_results",
  title = "Низкие образовательные результаты (ШНОР)",
  category = "low_results",
  years = 2,  -- results read: the year under review and the one before
  params = {
    fail_share = 0.30,          -- share of "2" that makes a work failing
    min_works = 2,              -- failing works in the year
    min_participants = 10,      -- smaller works are not judged
    require_both = true,        -- both conditions (many works AND two years running)
    procedures = "ВПР, ОГЭ, ЕГЭ",
  },
  evaluate = function(school, p, _, run)
    return low_results_verdict(school, p, run.year)
  end,
  prepare = function() return {} end,
  evaluate_all = function(run, p, state) return low_results_flags(run, p, state) end,
  -- The flagged schools' explanations from the batch's own works sets: no second pass over
  -- the school's results.
  explain = function(school, p, state, run)
    local failing, repeated = state.failing:keys_of(school), state.repeated:keys_of(school)
    table.sort(failing)
    table.sort(repeated)
    return low_results_text(p, run.year, #failing, failing, repeated)
  end,
}

-- ШНСУ: the social index of the school is in the top `top_share` of its region.
criterion {
  id = "social_risk",
  title = "Неблагоприятные социальные условия (ШНСУ)",
  category = "social_risk",
  years = 1,  -- results read: the year under review only
  params = merge(social.default_weights, { top_share = 0.10 }),
  prepare = function(run, p)
    return social.population(run, run.year, p, 1 - p.top_share)
  end,
  -- Every school at once: the index is already computed per school by prepare.
  evaluate_all = function(_, _, state)
    local index, threshold = state.index, state.threshold
    local flags, scores = {}, {}
    for i = 1, #index do
      local v = index[i]
      if v and threshold then
        flags[i], scores[i] = v >= threshold, v
      else
        flags[i], scores[i] = false, 0
      end
    end
    return flags, scores
  end,
  evaluate = function(school, p, state, run)
    local v = state.index[results.position(run, school)]
    if not v or not state.threshold then
      return false, 0, "нет данных о социальном контексте за " .. run.year .. " г."
    end
    local flagged = v >= state.threshold
    return flagged, v, string.format(
      "индекс социального неблагополучия %s; порог верхних %s школ региона — %s (школ с данными: %d)",
      results.num(v, 2), results.fixed(p, "top_share", p.top_share),
      results.fixed(state, "threshold", state.threshold, 2), state.count)
  end,
}

-- The explanation of the risk zone, from the school's ШНОР verdict, its count of failing works
-- of the year and its share of "2" over all works (nil without participants): one text for
-- both forms of the rule.
local function risk_zone_text(p, year, low, n, share, participants)
  if low then return "школа отнесена к ШНОР" end
  if not share then return "нет результатов за " .. year .. " г." end
  return string.format(
    "%d г.: работ с долей «2» не менее %s: %d; доля «2» по всем работам %s (%d участников), порог %s",
    year, results.fixed(p, "fail_share", p.fail_share), n, results.percent(share), participants,
    results.fixed(p, "risk_share", p.risk_share))
end

-- Зона риска: not ШНОР by the rule above, but close to it — at least one failing work this
-- year, or a share of "2" over all works of the year of at least `risk_share`.
criterion {
  id = "risk_zone",
  title = "Зона риска перехода в ШНОР",
  category = "risk_zone",
  years = 2,  -- results read: the year under review and the one before
  params = {
    fail_share = 0.30, min_works = 2, min_participants = 10, require_both = true,
    risk_share = 0.15, procedures = "ВПР, ОГЭ, ЕГЭ",
  },
  prepare = function() return {} end,
  -- The batch keeps its columns in `state`: explain reads a school's numbers from them.
  evaluate_all = function(run, p, state)
    -- The ШНОР rule's second result is the same count of failing works this rule needs.
    local low, n = low_results_flags(run, p)
    local all = run:works { year = run.year, procedure = results.list(p.procedures),
                            min_participants = p.min_participants }
    local m2, participants = all:sum("m2"), all:sum("participants")
    local flags, scores = {}, {}
    for i = 1, #n do
      if low[i] or participants[i] == 0 then
        flags[i], scores[i] = false, 0
      else
        local share = m2[i] / participants[i]
        flags[i], scores[i] = n[i] >= 1 or share >= p.risk_share, share
      end
    end
    state.low, state.n, state.m2, state.participants = low, n, m2, participants
    return flags, scores
  end,
  explain = function(school, p, state, run)
    local i = results.position(run, school)
    local participants = state.participants[i]
    local share = participants > 0 and state.m2[i] / participants or nil
    return risk_zone_text(p, run.year, state.low[i], state.n[i], share, participants)
  end,
  evaluate = function(school, p, _, run)
    local low = low_results_verdict(school, p, run.year)
    if low then return false, 0, risk_zone_text(p, run.year, low) end
    local procs = results.list(p.procedures)
    local n = results.failing(school, run.year, procs, p.fail_share, p.min_participants)
    local share, participants = results.share2(school, run.year, procs, p.min_participants)
    local text = risk_zone_text(p, run.year, low, n, share, participants)
    if not share then return false, 0, text end
    return n >= 1 or share >= p.risk_share, share, text
  end,
}

-- Резильентные: social context among the least favourable of the region, results among the best.
criterion {
  id = "resilient",
  title = "Резильентная школа (неблагоприятный контекст, высокие результаты)",
  category = "resilient",
  years = 1,  -- results read: the year under review only
  params = merge(social.default_weights, {
    social_quantile = 0.75, results_quantile = 0.75, min_participants = 10,
    procedures = "ВПР, ОГЭ, ЕГЭ",
  }),
  -- The social index and the mean mark of every school, over columns: the marks from the sums
  -- of the year's works (the filter of school:aggregate, so results.mean_mark's value).
  prepare = function(run, p)
    local state = social.population(run, run.year, p, p.social_quantile)
    local w = run:works { year = run.year, procedure = results.list(p.procedures),
                          min_participants = p.min_participants }
    local m2, m3, m4, m5 = w:sum("m2"), w:sum("m3"), w:sum("m4"), w:sum("m5")
    local marks, values = {}, {}
    for i = 1, #m2 do
      local m = results.mean_of(m2[i], m3[i], m4[i], m5[i])
      marks[i] = m or false
      if m then values[#values + 1] = m end
    end
    state.marks = marks
    state.marks_threshold = #values > 0 and run:quantile(values, p.results_quantile) or nil
    return state
  end,
  evaluate_all = function(_, _, state)
    local index, marks = state.index, state.marks
    local threshold, marks_threshold = state.threshold, state.marks_threshold
    local flags, scores = {}, {}
    for i = 1, #index do
      local idx, mark = index[i], marks[i]
      if idx and mark and threshold and marks_threshold then
        flags[i], scores[i] = idx >= threshold and mark >= marks_threshold, mark
      else
        flags[i], scores[i] = false, 0
      end
    end
    return flags, scores
  end,
  evaluate = function(school, p, state, run)
    local i = results.position(run, school)
    local idx, mark = state.index[i], state.marks[i]
    if not idx or not mark or not state.threshold or not state.marks_threshold then
      return false, 0, "нет данных за " .. run.year .. " г."
    end
    local flagged = idx >= state.threshold and mark >= state.marks_threshold
    return flagged, mark, string.format(
      "индекс неблагополучия %s (порог %s); средняя отметка %s (порог лучших школ региона %s)",
      results.num(idx, 2), results.fixed(state, "threshold", state.threshold, 2),
      results.num(mark, 2), results.fixed(state, "marks_threshold", state.marks_threshold, 2))
  end,
}

-- Отрицательная динамика: the share of "2" over the year's works rose by `rise` or more
-- (10 percentage points) against the previous year.
-- The explanation from the shares of "2" of both years (nil without participants) and their
-- participants: one text for both forms of the rule.
local function dynamics_text(p, year, before, n0, now, n1)
  if not now or not before then
    return string.format("нет результатов за %d и %d гг.", year - 1, year)
  end
  local delta = now - before
  return string.format(
    "доля «2» (%s): %d г. — %s (%d уч.), %d г. — %s (%d уч.), изменение %s%s п. п., порог +%s п. п.",
    p.procedures, year - 1, results.percent(before), n0, year, results.percent(now), n1,
    delta >= 0 and "+" or "", results.num(delta * 100, 1),
    results.fixed(p, "rise", p.rise * 100, 0))
end

criterion {
  id = "negative_dynamics",
  title = "Отрицательная динамика: рост доли «2» на 10 п. п. и более",
  category = "negative_dynamics",
  years = 2,  -- results read: the year under review and the one before
  params = { rise = 0.10, min_participants = 10, procedures = "ВПР" },
  prepare = function() return {} end,
  -- The batch keeps its columns in `state`: explain reads a school's numbers from them.
  evaluate_all = function(run, p, state)
    local procs = results.list(p.procedures)
    local function shares(year)
      local w = run:works { year = year, procedure = procs, min_participants = p.min_participants }
      return w:sum("m2"), w:sum("participants")
    end
    local m2_now, n_now = shares(run.year)
    local m2_before, n_before = shares(run.year - 1)
    local flags, scores = {}, {}
    for i = 1, #n_now do
      if n_now[i] == 0 or n_before[i] == 0 then
        flags[i], scores[i] = false, 0
      else
        local delta = m2_now[i] / n_now[i] - m2_before[i] / n_before[i]
        flags[i], scores[i] = delta >= p.rise - 1e-9, delta * 100
      end
    end
    state.m2_now, state.n_now, state.m2_before, state.n_before = m2_now, n_now, m2_before, n_before
    return flags, scores
  end,
  explain = function(school, p, state, run)
    local i = results.position(run, school)
    local n1, n0 = state.n_now[i], state.n_before[i]
    return dynamics_text(p, run.year, n0 > 0 and state.m2_before[i] / n0 or nil, n0,
                         n1 > 0 and state.m2_now[i] / n1 or nil, n1)
  end,
  evaluate = function(school, p, _, run)
    local procs = results.list(p.procedures)
    local now, n1 = results.share2(school, run.year, procs, p.min_participants)
    local before, n0 = results.share2(school, run.year - 1, procs, p.min_participants)
    local text = dynamics_text(p, run.year, before, n0, now, n1)
    if not now or not before then return false, 0, text end
    local delta = now - before
    -- A difference of shares is inexact in doubles (0.3 - 0.2 < 0.1): "+10 p.p. or more" must
    -- hold at exactly 10 p.p., so compare with a tolerance far below any real difference.
    return delta >= p.rise - 1e-9, delta * 100, text
  end,
}

-- Признаки необъективности по агрегированным данным: ВПР results much better than the state
-- exam of the same school and year (mean mark gap), a sign recommended for ВПР analysis.
-- The explanation from both mean marks (nil without results): one text for both forms.
local function bias_text(p, year, check, ref)
  if not check or not ref then
    return string.format("нет сопоставимых результатов %s и %s за %d г.", p.check, p.reference,
                         year)
  end
  return string.format(
    "средняя отметка %s %s, %s %s: разрыв %s (порог %s)", p.check, results.num(check, 2),
    p.reference, results.num(ref, 2), results.num(check - ref, 2),
    results.fixed(p, "gap", p.gap, 2))
end

criterion {
  id = "bias_vpr_exam_gap",
  title = "Признаки необъективности: результаты ВПР заметно выше результатов ОГЭ",
  category = "bias_signs",
  years = 1,  -- results read: the year under review only
  params = { gap = 0.8, min_participants = 20, check = "ВПР", reference = "ОГЭ" },
  prepare = function() return {} end,
  -- The batch keeps its columns in `state`: explain reads a school's marks from them.
  evaluate_all = function(run, p, state)
    local function marks(procedure)
      local w = run:works { year = run.year, procedure = { procedure },
                            min_participants = p.min_participants }
      return { w:sum("m2"), w:sum("m3"), w:sum("m4"), w:sum("m5") }
    end
    local c, r = marks(p.check), marks(p.reference)
    local c2, c3, c4, c5 = c[1], c[2], c[3], c[4]
    local r2, r3, r4, r5 = r[1], r[2], r[3], r[4]
    local flags, scores = {}, {}
    for i = 1, #c2 do
      local check = results.mean_of(c2[i], c3[i], c4[i], c5[i])
      local ref = results.mean_of(r2[i], r3[i], r4[i], r5[i])
      if not check or not ref then
        flags[i], scores[i] = false, 0
      else
        local gap = check - ref
        flags[i], scores[i] = gap >= p.gap, gap
      end
    end
    state.check, state.reference = c, r
    return flags, scores
  end,
  explain = function(school, p, state, run)
    local i = results.position(run, school)
    local c, r = state.check, state.reference
    return bias_text(p, run.year, results.mean_of(c[1][i], c[2][i], c[3][i], c[4][i]),
                     results.mean_of(r[1][i], r[2][i], r[3][i], r[4][i]))
  end,
  evaluate = function(school, p, _, run)
    local check = results.mean_mark(school, run.year, { p.check }, p.min_participants)
    local ref = results.mean_mark(school, run.year, { p.reference }, p.min_participants)
    local text = bias_text(p, run.year, check, ref)
    if not check or not ref then return false, 0, text end
    local gap = check - ref
    return gap >= p.gap, gap, text
  end,
}
