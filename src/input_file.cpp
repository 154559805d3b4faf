#include "input_file.hpp"

#include <istream>
#include <system_error>
#include <vector>

#include "llmsize/config.hpp"
#include "llmsize/error.hpp"

namespace llmsize {

namespace fs = std::filesystem;

void require_regular_file(const fs::path& path, const std::string& context) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error == std::errc::too_many_symbolic_link_levels) {
        throw Error(context + ": a loop of symbolic links, not a file");
    }
    switch (status.type()) {
        case fs::file_type::regular:
            return;
        case fs::file_type::directory:
            throw Error(context + ": is a folder, expected a file");
        case fs::file_type::fifo:
            throw Error(context + ": is a named pipe (FIFO), not a regular file");
        case fs::file_type::socket:
            throw Error(context + ": is a socket, not a regular file");
        case fs::file_type::character:
        case fs::file_type::block:
            throw Error(context + ": is a device, not a regular file");
        case fs::file_type::not_found:
        case fs::file_type::none:
            throw Error(context + ": cannot open the file (does it exist and is it readable?)");
        default:
            throw Error(context + ": not a regular file");
    }
}

RegularFile open_regular_file(const fs::path& path, const std::string& context) {
    require_regular_file(path, context);
    RegularFile file;
    std::error_code error;
    file.bytes = fs::file_size(path, error);
    file.stream.open(path, std::ios::binary);
    if (error || !file.stream) {
        throw Error(context + ": cannot open the file (does it exist and is it readable?)");
    }
    return file;
}

std::string read_stream_bounded(std::istream& in, std::uintmax_t max_bytes,
                                const std::string& context) {
    std::string content;
    // Stops one buffer past the bound at most, so that a file that grows while it is read (or
    // an endless pipe) is refused, not slurped.
    std::vector<char> buffer(64 * 1024);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        content.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
        if (content.size() > max_bytes) {
            throw Error(context + ": larger than " + std::to_string(max_bytes / 1024) +
                        " KiB, the most llmsize reads from such a file");
        }
    }
    if (in.bad()) throw Error(context + ": read error");
    return content;
}

}  // namespace llmsize
