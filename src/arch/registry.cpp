// The model_type registry: which adapter counts which config.json "model_type". Adding a family
// adds one row here (or one row of a traits table, for a variant of a known family).
#include <algorithm>
#include <vector>

#include "architectures.hpp"

namespace llmsize::arch {

namespace {
const std::vector<Family>& registry() {
    static const std::vector<Family> table = [] {
        std::vector<Family> list;
        for (const Family& family : llama_like_families())
            list.push_back(family);
        list.push_back({"gemma3", gemma3_multimodal});
        list.push_back({"falcon", falcon});
        list.push_back({"RefinedWeb", falcon});       // Falcon-40B's original remote code
        list.push_back({"RefinedWebModel", falcon});  // Falcon-7B's original remote code
        list.push_back({"gpt_neox", gpt_neox});
        list.push_back({"gptj", gptj});
        list.push_back({"gpt2", gpt2});
        list.push_back({"bloom", bloom});
        list.push_back({"opt", opt});
        list.push_back({"t5", t5});
        list.push_back({"deepseek_v2", deepseek});
        list.push_back({"deepseek_v3", deepseek});
        // Kimi K2 reuses DeepseekV3ForCausalLM; model_type tells engines apart (Moonshot's
        // deployment guide).
        list.push_back({"kimi_k2", deepseek});
        list.push_back({"jamba", jamba});
        list.push_back({"gpt_oss", gpt_oss});
        list.push_back({"mamba", mamba});
        list.push_back({"falcon_mamba", mamba});
        list.push_back({"qwen3_next", qwen3_next, {"full_attention", "linear_attention"}});
        list.push_back({"glm4_moe", glm4_moe});
        list.push_back({"llama4", llama4});
        list.push_back({"llama4_text", llama4_text});
        list.push_back({"mistral3", mistral3});
        list.push_back({"llava", llava});
        list.push_back({"qwen2_vl", qwen2_vl});
        list.push_back({"qwen2_5_vl", qwen2_5_vl});
        list.push_back({"qwen3_vl", qwen3_vl});
        list.push_back({"qwen3_vl_moe", qwen3_vl_moe});
        list.push_back({"qwen3_5", qwen3_5, {"full_attention", "linear_attention"}});
        list.push_back({"qwen3_5_moe", qwen3_5_moe, {"full_attention", "linear_attention"}});
        list.push_back({"mamba2", mamba2});
        list.push_back({"nemotron_h", nemotron_h});
        list.push_back({"granitemoehybrid", granite_moe_hybrid, {"mamba", "attention"}});
        list.push_back({"exaone4", exaone4});
        list.push_back({"falcon_h1", falcon_h1});
        list.push_back({"chatglm", chatglm});
        list.push_back({"mllama", mllama});
        list.push_back({"whisper", whisper});
        return list;
    }();
    return table;
}
// Families people deploy whose parts llmsize does not count yet. Refused outright, even with
// --approximate: the generic decoder would miss what makes them what they are.
struct Unsupported {
    std::string_view model_type;
    std::string_view what;
};
constexpr Unsupported k_unsupported[]{
    {"llava_next", "a vision tower and projector; no published exact count pinned yet"},
    {"llava_onevision", "a SigLIP vision tower and projector; no published exact count pinned yet"},
    {"pixtral", "a Pixtral vision tower"},
    {"zamba", "Mamba layers and shared attention blocks"},
    {"zamba2", "Mamba-2 layers and shared attention blocks"},
    {"granitemoeshared", "experts and a shared expert; no published exact count pinned yet"},
    {"dbrx", "experts; no published exact count pinned yet"},
    {"gemma3n", "per-layer embeddings, an audio and a vision tower"},
    {"minimax", "lightning attention and experts"},
    {"deepseek_vl_v2", "a vision tower"},
};

}  // namespace

std::optional<std::string_view> unsupported_family(std::string_view model_type) {
    for (const Unsupported& entry : k_unsupported) {
        if (entry.model_type == model_type) return entry.what;
    }
    return std::nullopt;
}

const Family* find_family(std::string_view model_type) {
    const auto& table = registry();
    const auto found = std::find_if(table.begin(), table.end(), [&](const Family& family) {
        return family.model_type == model_type;
    });
    return found == table.end() ? nullptr : &*found;
}

}  // namespace llmsize::arch
