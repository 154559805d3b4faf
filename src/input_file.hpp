// Opening the files the user names (--config, --gguf, --catalog, checkpoint shards) the one safe
// way: only a regular file is opened. Folders, FIFOs, sockets and devices are refused before
// anything opens them, so that a named pipe cannot block llmsize and /dev/zero cannot feed it
// forever. Internal to the core library.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace llmsize {

struct RegularFile {
    std::ifstream stream;     // opened in binary mode
    std::uint64_t bytes = 0;  // the file's size when it was opened
};

// Throws Error "<context>: ..." unless `path` (after symlinks) is a regular file: "is a folder,
// expected a file", "is a named pipe (FIFO), not a regular file", "symlink loop", ...
void require_regular_file(const std::filesystem::path& path, const std::string& context);

// require_regular_file, then opens it; throws Error "<context>: cannot open the file ..." when it
// cannot be read.
RegularFile open_regular_file(const std::filesystem::path& path, const std::string& context);

}  // namespace llmsize
