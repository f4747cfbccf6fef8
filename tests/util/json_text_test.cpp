// The streamed JSON text must be nlohmann's dump() of the same value, byte for byte: the
// national `identify --json` is compared with the DOM's text by tests and by the benchmark.
#include "util/json_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

namespace opora::host::test {
namespace {

std::string ours_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string ours_number(double x) {
  std::string out;
  append_json_number(out, x);
  return out;
}

TEST(JsonText, StringsAreNlohmannsText) {
  const std::vector<std::string> texts{
      "", "sch010003", "МАОУ «Гимназия № 1»", "кавычки \" и \\ обратная черта", "строка\nвторая",
      "\t\b\f\r", std::string("\x01\x1f\x7f", 3), std::string("нуль\0внутри", 21),
      "эмодзи \xF0\x9F\x98\x80 и \xE2\x82\xAC", "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF"};
  for (const auto& s : texts) EXPECT_EQ(ours_string(s), nlohmann::json(s).dump()) << s;
}

TEST(JsonText, InvalidUtf8ThrowsAsDumpDoes) {
  // Overlong, surrogate, above U+10FFFF, truncated, stray continuation byte.
  const std::vector<std::string> texts{"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                       "\xE2\x82", "a\x80z",      "\xF8\x88\x80\x80\x80"};
  for (const auto& s : texts) {
    EXPECT_THROW(nlohmann::json(s).dump(), nlohmann::json::type_error) << s;
    EXPECT_THROW(ours_string(s), nlohmann::json::type_error) << s;
  }
}

TEST(JsonText, NumbersAreNlohmannsText) {
  for (double x : {0.0, -0.0, 1.0, -1.0, 4.0, 2.5, -0.5554814833197897, 1.0 / 3, 0.1 + 0.2,
                   999999999999999.0, 1e15, -1e15, 1e16, 123456789012345.0, 1e-7, 5e-324,
                   std::numeric_limits<double>::max(), std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity()})
    EXPECT_EQ(ours_number(x), nlohmann::json(x).dump()) << x;
}

// Random bytes (mostly text-like, with UTF-8 sequences valid and not) and random doubles: the
// same text as dump(), or the same refusal.
TEST(JsonText, RandomInputsMatchDump) {
  std::mt19937_64 rng(20261202);
  const std::string pieces[] = {"а", "«", "\xF0\x9F\x98\x80", "\"", "\\", "\n", "\x01", "x",
                                "7", " ", "\xC3", "\x80", "\xED\xA0\x80", "\xE2\x82"};
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (int k = int(rng() % 12); k > 0; --k) s += pieces[rng() % std::size(pieces)];
    std::string expected;
    bool refused = false;
    try {
      expected = nlohmann::json(s).dump();
    } catch (const nlohmann::json::type_error&) {
      refused = true;
    }
    if (refused)
      EXPECT_THROW(ours_string(s), nlohmann::json::type_error) << s;
    else
      EXPECT_EQ(ours_string(s), expected) << s;

    double x;
    switch (rng() % 4) {
      case 0: x = double(std::int64_t(rng() % 2000000) - 1000000); break;
      case 1: x = double(std::int64_t(rng())) / double(1 + rng() % 1000); break;
      case 2: x = std::ldexp(double(rng() % 1000000), int(rng() % 120) - 60); break;
      default: {
        std::uint64_t bits = rng();
        std::memcpy(&x, &bits, sizeof x);
      }
    }
    EXPECT_EQ(ours_number(x), nlohmann::json(x).dump()) << x;
  }
}

}  // namespace
}  // namespace opora::host::test
