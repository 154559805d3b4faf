// The local Hugging Face hub cache: `--model ORG/NAME[@REVISION]` resolved offline to a snapshot
// folder (config.json and safetensors headers) before the bundled presets are consulted.
// Layout (huggingface_hub): <cache>/models--ORG--NAME/snapshots/<commit>/, with
// refs/<branch or tag> holding the commit of a named revision.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmsize {

struct HfModelReference {
    std::string repo_id;   // "meta-llama/Llama-3.1-8B"
    std::string revision;  // "main" unless "@REVISION" was given
};

// "ORG/NAME" or "ORG/NAME@REVISION"; nullopt for anything else (a preset name).
std::optional<HfModelReference> parse_hf_model_reference(std::string_view text);

// The cache folders to search, in order: $HF_HUB_CACHE, $HF_HOME/hub, $HOME/.cache/huggingface/hub
// (each only when its variable is set and not empty). Pass the variables' values or null.
std::vector<std::filesystem::path> hf_cache_folders(const char* hf_hub_cache, const char* hf_home,
                                                    const char* home);

struct HfSnapshot {
    std::filesystem::path folder;  // .../snapshots/<commit>
    std::string commit;            // the snapshot folder's name
};

// The snapshot of `reference` in the first of `cache_folders` that has the repository, or nullopt
// when none has it. Throws Error when a cache has the repository but not the revision, or the
// snapshot has no config.json.
std::optional<HfSnapshot> find_hf_snapshot(const HfModelReference& reference,
                                           std::span<const std::filesystem::path> cache_folders);

}  // namespace llmsize
