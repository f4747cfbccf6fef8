// A plan read once from the store: activities, occurrences, the append-only progress rows and
// participation. Status, indicators and reports compute every "as of" from this in memory.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/db.hpp"

namespace opora::host {

struct PlanActivity {
  std::int64_t id = 0;
  int position = 0;
  std::string number, section, title, deadline, responsible, scope, category, indicator;
  nlohmann::json schedule, columns;
};

struct PlanOccurrence {
  std::int64_t id = 0;
  std::size_t activity = 0;  // index into PlanState::activities
  std::optional<std::int64_t> school;
  std::string login, school_name;
  int seq = 0;
  std::string due_start, due_end, kind;
};

struct ProgressRow {
  std::int64_t id = 0, occurrence = 0;
  std::string action;  // record | correct | undo
  std::optional<std::int64_t> supersedes;
  std::string status, date, evidence, note, who, recorded_at;
};

struct ParticipationRow {
  std::int64_t id = 0, activity = 0;
  std::optional<std::int64_t> school;
  std::string login, person, role, date, who;
  bool retracted = false;
};

// The state of one occurrence on a date: the latest effective record dated by then.
struct OccurrenceStatus {
  std::string status = "planned";  // planned | in_progress | done | cancelled
  std::string date;                // of the deciding record
  std::string evidence, note, who;
  std::int64_t row = 0;            // the deciding progress row, 0 if none
};

struct PlanState {
  std::int64_t roadmap = 0;
  std::string territory, title, template_id, order_number, order_date;
  int year = 0;
  std::vector<PlanActivity> activities;    // by position
  std::vector<PlanOccurrence> occurrences;  // by activity position, school, seq
  std::vector<ProgressRow> progress;        // by id
  std::vector<ParticipationRow> participation;

  // Current status of each occurrence id as of an ISO date ("" = everything recorded).
  std::map<std::int64_t, OccurrenceStatus> status_as_of(std::string_view as_of) const;
  // Progress rows still in force after corrections and undos (ids).
  std::vector<std::int64_t> effective_rows() const;
};

PlanState load_plan_state(Db& db, std::int64_t roadmap);

}  // namespace opora::host
