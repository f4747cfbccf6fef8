#include "util/text.hpp"

namespace opora::host {

namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Length of a UTF-8 no-break space (C2 A0) or narrow no-break space (E2 80 AF) at `s`, else 0.
std::size_t nbsp_at(std::string_view s) {
  if (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0') return 2;
  if (s.size() >= 3 && s[0] == '\xE2' && s[1] == '\x80' && s[2] == '\xAF') return 3;
  return 0;
}

bool nbsp_ends(std::string_view s, std::size_t& n) {
  if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") return n = 2, true;
  if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xAF") return n = 3, true;
  return false;
}

}  // namespace

std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    else if (auto n = nbsp_at(s)) s.remove_prefix(n);
    else break;
  }
  for (std::size_t n = 0;;) {
    if (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    else if (nbsp_ends(s, n)) s.remove_suffix(n);
    else break;
  }
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xD0 && i + 1 < out.size()) {
      auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x90 && d <= 0x9F) {  // А–П → а–п (D0 B0–BF)
        out[i + 1] = static_cast<char>(d + 0x20);
      } else if (d >= 0xA0 && d <= 0xAF) {  // Р–Я → р–я (D1 80–8F)
        out[i] = '\xD1';
        out[i + 1] = static_cast<char>(d - 0x20);
      } else if (d == 0x81) {  // Ё → ё (D1 91)
        out[i] = '\xD1';
        out[i + 1] = '\x91';
      }
      ++i;
    }
  }
  return out;
}

std::string header_key(std::string_view s) {
  std::string lower = to_lower(trim(s));
  std::string out;
  out.reserve(lower.size());
  bool pending_space = false;
  std::string_view rest(lower);
  while (!rest.empty()) {
    std::string_view piece = rest.substr(0, 1);
    if (rest.starts_with("\xD1\x91")) {  // ё → е
      piece = "\xD0\xB5";
      rest.remove_prefix(2);
    } else if (rest.starts_with("\xC2\xAB") || rest.starts_with("\xC2\xBB")) {  // « »
      rest.remove_prefix(2);
      continue;
    } else if (rest[0] == '"' || rest[0] == '\'') {
      rest.remove_prefix(1);
      continue;
    } else if (is_space(static_cast<unsigned char>(rest[0]))) {
      rest.remove_prefix(1);
      pending_space = true;
      continue;
    } else if (auto n = nbsp_at(rest)) {
      rest.remove_prefix(n);
      pending_space = true;
      continue;
    } else {
      rest.remove_prefix(1);
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += piece;
  }
  return out;
}

}  // namespace opora::host
