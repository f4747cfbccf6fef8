// HTML of the pages: the one escaping function every text goes through, the page frame
// (navigation, user, print CSS) and small builders. Nothing is written into a page unescaped
// except markup built here from escaped parts.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "web/context.hpp"

namespace opora::host::web {

// & < > " ' → entities. Every text from the store, the packages or the request passes here.
std::string esc(std::string_view text);
// A query-string / path component, percent-encoded (UTF-8 bytes).
std::string url_encode(std::string_view text);

// The whole page: <head> with the served stylesheet, the header with the user and the
// navigation of `territory` (may be ""), the body as given (already HTML).
std::string page(Ctx& ctx, const std::string& title, const std::string& body,
                 const std::string& territory = {});

// A hidden input with the session's CSRF token, for every POST form.
std::string csrf_input(Ctx& ctx);

// A status mark (done, overdue ...) as a coloured label: «выполнено».
std::string mark_badge(std::string_view mark);
// A traffic light for a target: met / not met / not due / unknown.
std::string light(const char* state, std::string_view text);

// YYYY-MM of today (local time) and the month before / after one.
std::string this_month();
std::string shift_month(std::string_view month, int by);
// "2023-06" as a reader writes it: «июнь 2023» (the one calendar module's words), escaped.
std::string month_words(std::string_view month);
// The previous / this / next month links of a page whose month is `?month=` of `base`.
std::string months_nav(const std::string& base, const std::string& month);

}  // namespace opora::host::web
