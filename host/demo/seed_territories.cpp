#include "demo/seed_territories.hpp"

namespace opora::host {

DemoSeeds demo_seed_territories() {
  DemoSeeds s;
  return s;
}

}  // namespace opora::host
