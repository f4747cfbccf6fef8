// The transaction of an account or session write: the caller's when it has one open (the server
// wraps each request's writes in one), else its own, so auth's writes are whole either way.
#pragma once
#include <optional>

#include "store/db.hpp"

namespace opora::host::auth {

class WriteScope {
 public:
  explicit WriteScope(Db& db) {
    if (!db.in_transaction()) tx_.emplace(db);
  }
  // Commits its own transaction; the caller's commits (or rolls back) with the caller.
  void commit() {
    if (tx_) tx_->commit();
  }

 private:
  std::optional<Transaction> tx_;
};

}  // namespace opora::host::auth
