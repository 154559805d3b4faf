// KV-cache bytes, hand-derived from each model's published config.json (values in
// data/models.json, sources there). Every expected value shows its arithmetic.
#include <catch2/catch.hpp>

#include "llmsize/kv_cache.hpp"
#include "llmsize/presets.hpp"

using namespace llmsize;

namespace {
ModelSpec preset(std::string_view name) {
    return model_from_preset(find_preset(name));
}
}  // namespace

TEST_CASE("llmsize::kv_bytes_per_token", "[kv]") {
    SECTION("multi-head attention equals the guide's 2 × bytes × layers × hidden_size") {
        // 2 × 2 × 5120 × 40 = 819,200 B — the guide's Llama2-13b example.
        CHECK(kv_bytes_per_token(preset("llama-2-13b"), Dtype::fp16) == 819'200);
        // fp32 doubles it: "4 for fp32".
        CHECK(kv_bytes_per_token(preset("llama-2-13b"), Dtype::fp32) == 1'638'400);
    }
    SECTION("uses num_key_value_heads (grouped-query attention)") {
        // Llama-3.1-70B: 80 layers × 8 KV heads × 128 × 2 (K,V) × 2 B = 327,680 B; the guide's
        // formula (2 × 2 × 80 × 8192 = 2,621,440 B) overstates it 8×.
        CHECK(kv_bytes_per_token(preset("llama-3.1-70b"), Dtype::fp16) == 327'680);
        // fp8 KV: 1 byte per element.
        CHECK(kv_bytes_per_token(preset("llama-3.1-70b"), Dtype::fp8) == 163'840);
    }
    SECTION("multi-query attention caches one KV head (Falcon-7B's multi_query)") {
        // 32 layers × 1 × 64 × 2 × 2 B = 8,192 B; the guide's formula gives 2 × 2 × 32 × 4544 =
        // 581,632 B, 71× more: the overstatement the product brief cites.
        CHECK(kv_bytes_per_token(preset("falcon-7b"), Dtype::fp16) == 8'192);
    }
    SECTION("uses an explicit head_dim that differs from hidden / heads") {
        // gemma-2-27b: head_dim 128 although 4608 / 32 = 144; 46 × 16 × 128 × 2 × 2 = 376,832 B.
        CHECK(kv_bytes_per_token(preset("gemma-2-27b"), Dtype::bf16) == 376'832);
        // Qwen3-32B: 64 layers × 8 × 128 × 2 × 2 = 262,144 B (hidden 5120 / 64 heads = 80).
        CHECK(kv_bytes_per_token(preset("qwen3-32b"), Dtype::bf16) == 262'144);
    }
    SECTION("latent attention caches kv_lora_rank + rope dim per layer, no factor 2") {
        // DeepSeek-V3: 61 layers × (512 + 64) × 2 B = 70,272 B.
        CHECK(kv_bytes_per_token(preset("deepseek-v3"), Dtype::bf16) == 70'272);
        // DeepSeek-V2-Lite: 27 × 576 × 2 = 31,104 B.
        CHECK(kv_bytes_per_token(preset("deepseek-v2-lite"), Dtype::bf16) == 31'104);
    }
    SECTION("hybrid models: only attention layers hold KV") {
        // Jamba-v0.1: attention every 8th layer from 4 → 4 of 32; 4 × 8 × 128 × 2 × 2 = 16,384 B.
        CHECK(kv_bytes_per_token(preset("jamba-v0.1"), Dtype::bf16) == 16'384);
    }
    SECTION("encoder-decoder: bytes_per_token is the decoder's self-attention") {
        // Flan-T5-XXL: 24 decoder layers × 64 heads × 64 (d_kv) × 2 × 2 B = 393,216 B.
        CHECK(kv_bytes_per_token(preset("flan-t5-xxl"), Dtype::bf16) == 393'216);
        CHECK(cross_kv_bytes_per_token(preset("flan-t5-xxl"), Dtype::bf16) == 393'216);
    }
}

TEST_CASE("llmsize::kv_bytes_per_sequence", "[kv]") {
    SECTION("full attention: per token × length") {
        // 819,200 × 4096 = 3,355,443,200 B — the guide's "3.36 GB" for one 4096-token sequence.
        CHECK(kv_bytes_per_sequence(preset("llama-2-13b"), Dtype::fp16, 4096) == 3'355'443'200);
    }
    SECTION("sliding window on every layer (Mistral-7B v0.1, window 4096)") {
        // 32 × 8 × 128 × 2 × 2 = 131,072 B per token; at most 4096 tokens are kept.
        CHECK(kv_bytes_per_sequence(preset("mistral-7b-v0.1"), Dtype::fp16, 2048) ==
              131'072ULL * 2048);
        CHECK(kv_bytes_per_sequence(preset("mistral-7b-v0.1"), Dtype::fp16, 32'768) ==
              131'072ULL * 4096);
    }
    SECTION("gemma-2 alternates sliding (even) and global (odd) layers") {
        // 42 layers × 8 KV heads × 256 × 2 × 2 B = 8,192 B per layer and token; 21 sliding
        // layers keep 4096 tokens: 21 × 8192 × 8192 + 21 × 8192 × 4096.
        CHECK(kv_bytes_per_sequence(preset("gemma-2-9b"), Dtype::bf16, 8192) ==
              21ULL * 8192 * 8192 + 21ULL * 8192 * 4096);
    }
    SECTION("gemma-3: 5 local layers to 1 global (sliding_window_pattern 6, window 1024)") {
        // 62 layers, 16 KV heads × 128 × 2 × 2 B = 8,192 B per layer and token; layers 5, 11, ...
        // 59 are global (10 layers), 52 sliding.
        CHECK(kv_bytes_per_sequence(preset("gemma-3-27b"), Dtype::bf16, 32'768) ==
              10ULL * 8192 * 32'768 + 52ULL * 8192 * 1024);
        CHECK(kv_bytes_per_token(preset("gemma-3-27b"), Dtype::bf16) == 62 * 8192);
    }
    SECTION("honours use_sliding_window: false (Qwen2.5-7B sets sliding_window but disables it)") {
        // 28 layers × 4 KV heads × 128 × 2 × 2 B = 57,344 B per token, every token kept.
        CHECK(kv_bytes_per_sequence(preset("qwen2.5-7b"), Dtype::bf16, 32'768) ==
              57'344ULL * 32'768);
    }
    SECTION("Mamba layers add a fixed state per sequence") {
        // Jamba: 28 Mamba layers × (d_inner 8192 × (d_conv 4 − 1) + 8192 × d_state 16) = 155,648
        // elements each, × 2 B = 8,716,288 B per sequence, plus 16,384 B per token.
        const ModelSpec jamba = preset("jamba-v0.1");
        CHECK(recurrent_state_bytes_per_sequence(jamba, Dtype::bf16) == 8'716'288);
        CHECK(kv_bytes_per_sequence(jamba, Dtype::bf16, 4096) == 16'384ULL * 4096 + 8'716'288);
    }
    SECTION("encoder-decoder adds cross-attention over an encoder input as long as the sequence") {
        CHECK(kv_bytes_per_sequence(preset("flan-t5-xxl"), Dtype::bf16, 512) ==
              (393'216ULL + 393'216ULL) * 512);
    }
}
