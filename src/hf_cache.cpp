#include "llmsize/hf_cache.hpp"

#include "llmsize/config.hpp"
#include "llmsize/error.hpp"

namespace llmsize {

namespace {

bool valid_part(std::string_view part) {
    if (part.empty() || part == "." || part == "..") return false;
    for (const char c : part) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!allowed) return false;
    }
    return true;
}

// A refs/ file holds a commit hash and a newline; more than this is not a ref.
constexpr std::uintmax_t k_max_ref_bytes = 1024;

// The first line of a refs/ file: the commit a branch or tag points to. Read like every file a
// user names (read_file_bounded): a folder, a FIFO or a huge file there is no ref.
std::optional<std::string> read_ref(const std::filesystem::path& file) {
    std::string text;
    try {
        text = read_file_bounded(file, k_max_ref_bytes);
    } catch (const Error&) {
        return std::nullopt;
    }
    if (text.empty()) return std::nullopt;
    std::string commit = text.substr(0, text.find('\n'));
    while (!commit.empty() && (commit.back() == '\r' || commit.back() == ' '))
        commit.pop_back();
    if (!valid_part(commit)) return std::nullopt;
    return commit;
}

}  // namespace

std::optional<HfModelReference> parse_hf_model_reference(std::string_view text) {
    const std::size_t at = text.find('@');
    const std::string_view id = text.substr(0, at);
    const std::string_view revision =
        at == std::string_view::npos ? std::string_view("main") : text.substr(at + 1);
    const std::size_t slash = id.find('/');
    if (slash == std::string_view::npos || id.find('/', slash + 1) != std::string_view::npos)
        return std::nullopt;
    if (!valid_part(id.substr(0, slash)) || !valid_part(id.substr(slash + 1))) return std::nullopt;
    if (!valid_part(revision)) return std::nullopt;
    return HfModelReference{std::string(id), std::string(revision)};
}

std::vector<std::filesystem::path> hf_cache_folders(const char* hf_hub_cache, const char* hf_home,
                                                    const char* home) {
    std::vector<std::filesystem::path> folders;
    if (hf_hub_cache && *hf_hub_cache) folders.emplace_back(hf_hub_cache);
    if (hf_home && *hf_home) folders.push_back(std::filesystem::path(hf_home) / "hub");
    if (home && *home) folders.push_back(std::filesystem::path(home) / ".cache/huggingface/hub");
    return folders;
}

std::optional<HfSnapshot> find_hf_snapshot(const HfModelReference& reference,
                                           std::span<const std::filesystem::path> cache_folders) {
    const std::size_t slash = reference.repo_id.find('/');
    const std::string folder_name = "models--" + reference.repo_id.substr(0, slash) + "--" +
                                    reference.repo_id.substr(slash + 1);
    std::error_code error;
    for (const std::filesystem::path& cache : cache_folders) {
        const std::filesystem::path repository = cache / folder_name;
        if (!std::filesystem::is_directory(repository, error)) continue;
        // A named revision (refs/main, a tag) or a commit given directly.
        std::string commit = reference.revision;
        if (const std::optional<std::string> ref =
                read_ref(repository / "refs" / reference.revision))
            commit = *ref;
        const std::filesystem::path snapshot = repository / "snapshots" / commit;
        if (!std::filesystem::is_directory(snapshot, error)) {
            throw Error("the Hugging Face cache " + quote_value(repository.string()) +
                        " has no revision " + quote_value(reference.revision) + " (no refs/" +
                        reference.revision + ", no snapshots/" + commit + ")");
        }
        if (!std::filesystem::exists(snapshot / "config.json", error)) {
            throw Error("the Hugging Face cache snapshot " + quote_value(snapshot.string()) +
                        " has no config.json: download it with `hf download " + reference.repo_id +
                        " config.json`");
        }
        return HfSnapshot{snapshot, commit};
    }
    return std::nullopt;
}

}  // namespace llmsize
