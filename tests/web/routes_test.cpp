// The route table and the pieces every page relies on: escaping, file names of uploads.
#include <gtest/gtest.h>

#include <set>

#include "web/attachments.hpp"
#include "web/html.hpp"
#include "web/routes.hpp"
#include "web/server.hpp"

using namespace opora::host::web;

TEST(WebEscape, EveryMarkupCharacter) {
  EXPECT_EQ(esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  EXPECT_EQ(esc("Чебаркуль"), "Чебаркуль");
}

TEST(WebEscape, UrlEncodeKeepsTerritoryPaths) {
  EXPECT_EQ(url_encode("chelyabinsk/chebarkul"), "chelyabinsk/chebarkul");
  EXPECT_EQ(url_encode("a b&c"), "a%20b%26c");
}

TEST(WebUpload, ShownNameIsNeverAPath) {
  EXPECT_EQ(shown_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(shown_file_name("C:\\Users\\x\\акт.pdf"), "акт.pdf");
  EXPECT_EQ(shown_file_name(".."), "файл");
  EXPECT_EQ(shown_file_name(""), "файл");
  EXPECT_EQ(shown_file_name(std::string("a\nb\0c", 5)), "abc");
  EXPECT_LE(shown_file_name(std::string(500, 'x')).size(), 200u);
}

TEST(WebRoutes, EveryRouteIsDeclaredOnce) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : route_table()) {
    EXPECT_TRUE(seen.insert({r.method, r.pattern}).second) << r.method << " " << r.pattern;
    EXPECT_TRUE(r.method == "GET" || r.method == "POST") << r.pattern;
    EXPECT_FALSE(r.title.empty()) << r.pattern;
    EXPECT_TRUE(r.handler) << r.pattern;
  }
}

TEST(WebRoutes, OnlyLoginAndAssetsArePublic) {
  for (const auto& r : route_table()) {
    if (r.action) continue;
    EXPECT_TRUE(r.pattern == "/login" || r.kind == Kind::asset) << r.method << " " << r.pattern;
  }
}

TEST(WebRoutes, WritesNeedCsrfAndAWriteTarget) {
  for (const auto& r : route_table()) {
    if (r.method != "POST") continue;
    if (r.pattern == "/login") {
      EXPECT_FALSE(r.csrf);
      continue;
    }
    EXPECT_TRUE(r.csrf) << r.pattern;
    ASSERT_TRUE(r.action) << r.pattern;
    if (r.pattern != "/logout") {
      EXPECT_NE(*r.action, opora::host::auth::Action::read) << r.pattern;
      EXPECT_NE(r.target, TargetFrom::none) << r.pattern;
    }
  }
}

TEST(WebRoutes, TerritoryPathsResolveThePath) {
  // A route with {territory} in its path must check access to that territory.
  for (const auto& r : route_table()) {
    if (r.pattern.find("{territory}") != std::string::npos) {
      EXPECT_EQ(r.target, TargetFrom::path) << r.pattern;
    }
  }
}

TEST(WebRoutes, JsonListsEveryRoute) {
  auto j = routes_json();
  ASSERT_EQ(j.size(), route_table().size());
  for (const auto& r : j) {
    EXPECT_TRUE(r.contains("method") && r.contains("path") && r.contains("action") &&
                r.contains("target"));
  }
}

TEST(WebMonths, Shift) {
  EXPECT_EQ(shift_month("2024-01", -1), "2023-12");
  EXPECT_EQ(shift_month("2023-12", 1), "2024-01");
  EXPECT_EQ(shift_month("2024-03", -15), "2022-12");
}

TEST(WebRoutes, ChartsAreImagesWithTheirPagesRule) {
  std::size_t charts = 0;
  for (const auto& r : route_table()) {
    if (r.pattern.find("/charts/") == std::string::npos) continue;
    ++charts;
    EXPECT_EQ(r.method, "GET") << r.pattern;
    EXPECT_TRUE(r.pattern.ends_with(".svg")) << r.pattern;
    ASSERT_TRUE(r.action) << r.pattern;
    EXPECT_EQ(*r.action, opora::host::auth::Action::read) << r.pattern;
    EXPECT_EQ(r.target, TargetFrom::path) << r.pattern;
  }
  // status, indicators (two), dynamics, scorecard, overdue, identified.
  EXPECT_EQ(charts, 7u);
}

TEST(WebRoutes, ComparisonWithLastYearIsAnApiRoute) {
  bool found = false;
  for (const auto& r : route_table())
    found = found || (r.method == "GET" && r.pattern == "/api/v1/t/{territory}/identification/compare" &&
                      r.kind == Kind::api && r.target == TargetFrom::path);
  EXPECT_TRUE(found);
}
