// Recording roadmap progress. Nothing is overwritten: a record, a correction (a new row that
// supersedes an old one) and an undo are all appended; plan_state.hpp computes the current
// state from them. Participation of schools and people in events is kept beside it.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/plan_state.hpp"
#include "roadmap/calendar.hpp"
#include "store/db.hpp"

namespace opora::host {

// A request the data does not allow (unknown activity, ambiguous number ...); Russian text.
struct ProgressError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How a user points at an occurrence: the activity number as written, and what disambiguates.
struct OccurrenceQuery {
  std::string activity;   // number as in the document
  int position = 0;       // row of the document (1-based) when the number is used twice
  std::string title;      // or a part of the title
  std::string school;     // ФИС ОКО login for per-school activities
  std::string due;        // YYYY-MM of the due date
  int seq = 0;            // or the occurrence's sequence number
};

// Activities matching the number and hint; throws ProgressError naming the candidates when
// the number is ambiguous or unknown.
const PlanActivity& find_activity(const PlanState& plan, const OccurrenceQuery& q);
const PlanOccurrence& find_occurrence(const PlanState& plan, const OccurrenceQuery& q);

struct ProgressEntry {
  std::string status;    // done | in_progress | cancelled | planned
  std::string date;      // ISO date of the event
  std::string evidence;  // document name / number / link
  std::string note;
  std::string who;
};

// Accepts "done", "выполнено", ... → the stored status; "" when unknown.
std::string normalize_status(std::string_view text);
// Checks an entry (status known, date ISO and valid, who given); throws ProgressError.
void check_entry(const ProgressEntry& e);
// The date of a (checked) entry against its plan year and today: record_date_problem() in
// roadmap/calendar.hpp, the one rule for record, correct, participation and progress import.
// Throws ProgressError.
void check_entry_date(Db& db, std::int64_t occurrence, const ProgressEntry& e, const Date& today);

// The record in force (not corrected or undone) of `occurrence` with the same status, date and
// evidence as `e`, if any: entering it again is a mistake, not a second event (a second meeting
// of one deadline has its own date or evidence). Note and who do not make a record different.
std::optional<std::int64_t> same_record_in_force(Db& db, std::int64_t occurrence,
                                                 const ProgressEntry& e);
// The Russian refusal naming that record.
std::string duplicate_message(std::int64_t existing);

// Refuses (ProgressError, duplicate_message) an entry same_record_in_force() finds.
// `today` defaults to the local date; the demo's simulation passes the month it simulates.
std::int64_t record_progress(Db& db, std::int64_t occurrence, const ProgressEntry& e,
                             std::optional<Date> today = std::nullopt);
// A new row superseding `row` (a record or correction of the same occurrence).
std::int64_t correct_progress(Db& db, std::int64_t row, const ProgressEntry& e);
// A row cancelling `row`; the occurrence falls back to what was in force before it.
std::int64_t undo_progress(Db& db, std::int64_t row, const std::string& who,
                           const std::string& note);

struct Participation {
  std::int64_t activity = 0;  // activities.id
  std::optional<std::int64_t> school;
  std::string person, role, date, who;
};
std::int64_t add_participation(Db& db, const Participation& p,
                               std::optional<Date> today = std::nullopt);
// Marks a participation row retracted by `who` (participation.retracted_by; the store's
// history keeps the old row). Throws ProgressError for an unknown or retracted row, or no who.
void retract_participation(Db& db, std::int64_t id, const std::string& who);

// Store id of a school by login; throws ProgressError when unknown.
std::int64_t school_id(Db& db, std::string_view login);

}  // namespace opora::host
