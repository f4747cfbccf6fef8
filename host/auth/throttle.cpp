#include "auth/throttle.hpp"

#include <algorithm>

namespace opora::host::auth {

namespace {

// Past this many remembered keys, idle ones are dropped, so a flood of made-up logins cannot
// grow memory without bound.
constexpr std::size_t kPruneAbove = 10000;

std::string login_key(std::string_view login) {
  std::string k(login);
  for (auto& c : k)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return k;
}

}  // namespace

LoginThrottle::LoginThrottle(ThrottlePolicy policy, Clock now)
    : policy_(policy), now_(std::move(now)) {}

std::int64_t LoginThrottle::retry_after(std::string_view login, std::string_view peer) {
  std::lock_guard lock(mutex_);
  auto now = now_();
  std::int64_t wait = 0;
  auto check = [&](auto& map, const std::string& key) {
    auto it = map.find(key);
    if (it != map.end()) wait = std::max(wait, it->second.locked_until - now);
  };
  check(logins_, login_key(login));
  check(peers_, std::string(peer));
  return std::max<std::int64_t>(wait, 0);
}

bool LoginThrottle::allowed(std::string_view login, std::string_view peer) {
  return retry_after(login, peer) == 0;
}

void LoginThrottle::fail(std::unordered_map<std::string, Key>& map, const std::string& key,
                         int limit, std::int64_t now) {
  auto& k = map[key];
  if (k.last_seen && now - k.last_seen > policy_.forget_after) k = Key{};
  k.last_seen = now;
  while (!k.failures.empty() && k.failures.front() <= now - policy_.window) k.failures.pop_front();
  k.failures.push_back(now);
  if (static_cast<int>(k.failures.size()) < limit) return;
  // Locked out: each further lock-out of the same key lasts twice as long.
  std::int64_t length = policy_.first_lockout;
  for (int i = 0; i < k.lockouts && length < policy_.max_lockout; ++i) length *= 2;
  k.locked_until = now + std::min(length, policy_.max_lockout);
  ++k.lockouts;
  k.failures.clear();
}

void LoginThrottle::failed(std::string_view login, std::string_view peer) {
  std::lock_guard lock(mutex_);
  auto now = now_();
  fail(logins_, login_key(login), policy_.login_failures, now);
  fail(peers_, std::string(peer), policy_.peer_failures, now);
  prune(now);
}

void LoginThrottle::succeeded(std::string_view login, std::string_view) {
  std::lock_guard lock(mutex_);
  // The peer's failures stay: one good account must not reset the count for guessing others.
  logins_.erase(login_key(login));
}

void LoginThrottle::prune(std::int64_t now) {
  for (auto* map : {&logins_, &peers_}) {
    if (map->size() <= kPruneAbove) continue;
    std::erase_if(*map, [&](const auto& kv) {
      const Key& k = kv.second;
      return k.locked_until <= now && now - k.last_seen > policy_.window;
    });
  }
}

}  // namespace opora::host::auth
