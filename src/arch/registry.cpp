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
        list.push_back({"jamba", jamba});
        list.push_back({"gpt_oss", gpt_oss});
        return list;
    }();
    return table;
}
}  // namespace

const Family* find_family(std::string_view model_type) {
    const auto& table = registry();
    const auto found = std::find_if(table.begin(), table.end(), [&](const Family& family) {
        return family.model_type == model_type;
    });
    return found == table.end() ? nullptr : &*found;
}

}  // namespace llmsize::arch
