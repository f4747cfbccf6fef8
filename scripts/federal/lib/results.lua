-- Helpers over assessment results shared by criteria of every level:
--   local results = require "federal.lib.results"
local M = {}

-- "ВПР, ОГЭ,ЕГЭ" -> { "ВПР", "ОГЭ", "ЕГЭ" }; a name written twice is taken once (a work is
-- counted once however the list is written).
-- text -> its list, split once: rules split the same parameter for every school. The list is
-- shared between callers, so read it, never change it.
local lists = {}

function M.list(text)
  text = text or ""
  local known = lists[text]
  if known then return known end
  local out, seen = {}, {}
  for item in string.gmatch(text, "[^,;]+") do
    local s = item:match("^%s*(.-)%s*$")
    if s ~= "" and not seen[s] then
      out[#out + 1] = s
      seen[s] = true
    end
  end
  lists[text] = out
  return out
end

-- Works of a year whose share of "2" reaches `share`, over the given procedures.
-- Returns the count and a set { key = true } (nil when none: no table is built).
function M.failing(school, year, procedures, share, min_participants)
  local n, keys = school:count_works { year = year, procedure = procedures,
                                       min_participants = min_participants, min_share2 = share }
  if n == 0 then return 0, nil end
  local set = {}
  for _, k in ipairs(keys) do set[k] = true end
  return n, set
end

-- Keys present in both sets, as a sorted array.
function M.common(a, b)
  local out = {}
  if not a or not b then return out end
  for k in pairs(a) do
    if b[k] then out[#out + 1] = k end
  end
  table.sort(out)
  return out
end

function M.keys(set)
  local out = {}
  for k in pairs(set or {}) do out[#out + 1] = k end
  table.sort(out)
  return out
end

-- Share of "2" and participants over the procedures of a year.
function M.share2(school, year, procedures, min_participants)
  local a = school:aggregate { year = year, procedure = procedures, min_participants = min_participants }
  if a.participants == 0 then return nil, 0 end
  return a.m2 / a.participants, a.participants
end

-- The mean mark from the counts of each mark (nil when there are none): what mean_mark gives
-- from a school's aggregate, and a batch form from its columns.
function M.mean_of(m2, m3, m4, m5)
  local n = m2 + m3 + m4 + m5
  if n == 0 then return nil end
  return (2 * m2 + 3 * m3 + 4 * m4 + 5 * m5) / n
end

-- Mean mark over the procedures of a year (nil without results).
function M.mean_mark(school, year, procedures, min_participants)
  local a = school:aggregate { year = year, procedure = procedures, min_participants = min_participants }
  return M.mean_of(a.m2, a.m3, a.m4, a.m5)
end

-- The position of a school in run:schools() (run:position): where its numbers are in the
-- columns a batch form keeps in `state`, for explain and the per-school form.
function M.position(run, school)
  return run:position(school) or error("школа " .. school.login .. " вне населения запуска")
end

-- A number as Russian text, with a decimal comma: num(43.33) -> "43,3", num(0.4, 2) -> "0,40".
-- Explanations call it for every shown verdict, so the format of each `digits` is built once
-- and the point (at most one in "%.Nf" text) is found as plain text, not through gsub's
-- pattern matcher.
local formats = {}
local format, find, sub = string.format, string.find, string.sub

function M.num(x, digits)
  digits = digits or 1
  local f = formats[digits]
  if not f then
    f = "%." .. digits .. "f"
    -- 2.0 and 2 are one table key but different formats ("%.2.0f" is refused as before).
    if math.type(digits) == "integer" then formats[digits] = f end
  end
  local text = format(f, x or 0)
  local at = find(text, ".", 1, true)
  if not at then return text end
  return sub(text, 1, at - 1) .. "," .. sub(text, at + 1)
end

-- A share as a percentage: percent(0.3) -> "30,0%".
function M.percent(x)
  return M.num((x or 0) * 100, 1) .. "%"
end

-- The text of a run's constant — a parameter (owner `p`) or a threshold of its state (owner
-- `state`), both one table per run — written once per run instead of in every explanation:
-- num(x, digits), or percent(x) without digits, kept for (owner, key). The value under a key
-- must not change during the run; the texts go with their owner when the run ends.
local fixed_texts = setmetatable({}, { __mode = "k" })

function M.fixed(owner, key, x, digits)
  local texts = fixed_texts[owner]
  if not texts then
    texts = {}
    fixed_texts[owner] = texts
  end
  local text = texts[key]
  if not text then
    if digits then text = M.num(x, digits) else text = M.percent(x) end
    texts[key] = text
  end
  return text
end

return M
