// roadmap show / import / create.
#include "cli/app.hpp"

namespace opora::host {

void add_roadmap_commands(CLI::App&, Runtime&) {}

}  // namespace opora::host
