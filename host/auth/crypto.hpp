// The libsodium calls auth makes, in one place: initialisation, random tokens, token hashes.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace opora::host::auth {

// sodium_init() once per process; throws Error when the library cannot start.
void ensure_sodium();
// `bytes` random bytes from randombytes_buf, as lowercase hex.
std::string random_hex(std::size_t bytes);
// crypto_generichash (BLAKE2b, 32 bytes) of `token`, as lowercase hex: what the store keeps.
std::string token_hash(std::string_view token);
// Equal strings, in time that depends only on the length.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace opora::host::auth
