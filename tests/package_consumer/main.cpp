// Sizes Llama-2-13b's KV cache with the installed core library: 819,200 B per token in fp16
// (2 (K,V) × 40 layers × 40 KV heads × 128 head_dim × 2 B, the sizing guide's example).
#include <cstdio>

#include "llmsize/kv_cache.hpp"
#include "llmsize/presets.hpp"

int main() {
    const llmsize::ModelSpec model =
        llmsize::model_from_preset(llmsize::find_preset("llama-2-13b"));
    const auto bytes = llmsize::kv_bytes_per_token(model, llmsize::Dtype::fp16);
    std::printf("llama-2-13b: %llu B of KV cache per token in fp16\n",
                static_cast<unsigned long long>(bytes));
    return bytes == 819'200 ? 0 : 1;
}
