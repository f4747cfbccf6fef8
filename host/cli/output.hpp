// Every file a command writes goes through here (report, roadmap import, demo, generate...):
// the path may not be the store, its -wal/-shm/-journal, nor a file the command reads; its
// folder must exist; the file appears whole or not at all (written aside, then renamed).
#pragma once
#include <filesystem>
#include <functional>
#include <vector>

#include "cli/app.hpp"

namespace opora::host {

// Throws UsageError when `out` would write over the store of `g` (or its side files), over one
// of `inputs` (for a folder among them: over any file in it), over a folder, or lies in a
// folder that does not exist.
void check_output_file(const Globals& g, const std::filesystem::path& out,
                       const std::vector<std::filesystem::path>& inputs = {});

// A folder a command fills (report --all, generate, demo): created if missing (its parent must
// exist), refused when it is the store or any other non-folder.
void prepare_output_dir(const Globals& g, const std::filesystem::path& dir);

// check_output_file, then `write` into a temporary file beside `out`, then rename onto `out`.
// A failed write removes the temporary file and leaves any earlier `out` as it was.
void write_output(const Globals& g, const std::filesystem::path& out,
                  const std::function<void(const std::filesystem::path& tmp)>& write,
                  const std::vector<std::filesystem::path>& inputs = {});

// A fresh name for a temporary file in `dir` ending in `suffix`; nothing is created.
std::filesystem::path temporary_name(const std::filesystem::path& dir, const std::string& suffix);

}  // namespace opora::host
