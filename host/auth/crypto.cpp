#include "auth/crypto.hpp"

#include <sodium.h>

#include <mutex>
#include <vector>

#include "auth/accounts.hpp"

namespace opora::host::auth {

void ensure_sodium() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = sodium_init() >= 0; });
  if (!ok) throw Error("не удалось инициализировать библиотеку libsodium");
}

namespace {

std::string hex(const unsigned char* bin, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bin, n);
  out.pop_back();
  return out;
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  auto out = hex(buf.data(), buf.size());
  sodium_memzero(buf.data(), buf.size());
  return out;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return hex(h, sizeof h);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace opora::host::auth
