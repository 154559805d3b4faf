// describe_problem (src/cli/describe_problem.cpp): the one wording of the core's FitProblem, one
// sentence per reason, at the rounding edges of its units. The byte figures here are arithmetic
// checks of the wording (2^30 B = 1.00 GiB, 10^9 B = 1.00 GB), not facts about any model;
// the whole-program tests pin the same sentences on real models (test_cli, test_vllm_logs).
#include <catch2/catch.hpp>
#include <cstdint>

#include "describe_problem.hpp"
#include "llmsize/fit_problem.hpp"

using namespace llmsize;
using llmsize::cli::describe_problem;
using llmsize::cli::duration_text;

namespace {

constexpr std::uint64_t k_gib = std::uint64_t{1} << 30;

FitProblem with_reason(ProblemReason reason) {
    FitProblem problem;
    problem.reason = reason;
    return problem;
}

}  // namespace

TEST_CASE("llmsize::cli::describe_problem", "[describe_problem]") {
    SECTION("no problem: no words") {
        CHECK(describe_problem(FitProblem{}).empty());
    }
    SECTION("weights per GPU in GiB, with the engine's refusal when it would not start") {
        FitProblem problem = with_reason(ProblemReason::weights);
        problem.needed_bytes = 128 * k_gib + k_gib / 2;  // 128.50 GiB
        problem.available_bytes = 17 * k_gib;
        problem.tensor_parallel = 2;
        CHECK(describe_problem(problem) ==
              "weights do not fit: 128.50 GiB per GPU at TP 2 exceed the 17.00 GiB the engine "
              "leaves for weights and KV cache");
        problem.engine = "vLLM";
        CHECK(describe_problem(problem) ==
              "weights do not fit: 128.50 GiB per GPU at TP 2 exceed the 17.00 GiB the engine "
              "leaves for weights and KV cache; vLLM would not start: \"No available memory for "
              "the cache blocks\"");
    }
    SECTION("nothing left for weights reads 0.00 GiB") {
        FitProblem problem = with_reason(ProblemReason::weights);
        problem.needed_bytes = k_gib;
        problem.tensor_parallel = 1;
        CHECK(describe_problem(problem) ==
              "weights do not fit: 1.00 GiB per GPU at TP 1 exceed the 0.00 GiB the engine leaves "
              "for weights and KV cache");
    }
    SECTION("pooled memory in decimal GB, half to even at the hundredths") {
        FitProblem problem = with_reason(ProblemReason::weights);
        problem.pooled_memory = true;
        problem.needed_bytes = 26'005'000'000;     // 26.005 GB: a tie, to 26.00
        problem.available_bytes = 24'015'000'000;  // 24.015 GB: a tie, to 24.02
        CHECK(describe_problem(problem) == "weights (26.00 GB) exceed the instance's 24.02 GB");
    }
    SECTION("the engine would not start: no whole KV block") {
        FitProblem problem = with_reason(ProblemReason::no_kv_block);
        problem.engine = "vLLM";
        CHECK(describe_problem(problem) ==
              "vLLM would not start: the KV budget holds no whole block of every layer group");
    }
    SECTION("the engine would not start: one request too long, GiB rounded at the edge") {
        FitProblem problem = with_reason(ProblemReason::request_too_long);
        problem.engine = "vLLM";
        problem.sequence_length = 32'000;
        problem.needed_bytes = 8'388'608'000;  // 32,000 × 262,144 B = 7.8125 GiB: to 7.81
        problem.available_bytes = 4 * k_gib + k_gib / 8 + 1;  // just above 4.125: to 4.13
        problem.estimated_max_model_length = 18'176;
        CHECK(describe_problem(problem) ==
              "vLLM would not start: one request of 32000 tokens needs 7.81 GiB of KV cache per "
              "GPU, more than the 4.13 GiB available (estimated maximum model length 18176)");
    }
    SECTION("too few sequences: one sequence, several") {
        FitProblem problem = with_reason(ProblemReason::too_few_sequences);
        problem.sequences_held = 1;
        problem.sequence_length = 4096;
        problem.sequences_required = 8;
        CHECK(describe_problem(problem) ==
              "KV cache holds only 1 sequence of 4096 tokens, 8 required");
        problem.sequences_held = 0;
        CHECK(describe_problem(problem) ==
              "KV cache holds only 0 sequences of 4096 tokens, 8 required");
        problem.sequences_held = 3;
        CHECK(describe_problem(problem) ==
              "KV cache holds only 3 sequences of 4096 tokens, 8 required");
    }
    SECTION("tensor-parallel degrees") {
        FitProblem problem = with_reason(ProblemReason::tp_exceeds_cores);
        problem.tensor_parallel = 64;
        problem.device_count = 2;
        CHECK(describe_problem(problem) == "TP 64 exceeds the instance's 2 NeuronCores");
        problem.reason = ProblemReason::tp_not_divisor;
        problem.tensor_parallel = 3;
        problem.device_count = 4;
        CHECK(describe_problem(problem) == "TP 3 does not divide the instance's 4 accelerators");
        problem.reason = ProblemReason::tp_attention_heads;
        problem.tensor_parallel = 8;
        problem.heads = 28;
        CHECK(describe_problem(problem) ==
              "TP 8 is invalid: 28 attention heads do not divide by 8");
        problem.reason = ProblemReason::tp_kv_heads;
        problem.tensor_parallel = 4;
        problem.heads = 6;
        CHECK(describe_problem(problem) ==
              "TP 4 is invalid: 6 KV heads neither divide by 4 nor divide it");
    }
    SECTION("host memory") {
        FitProblem problem = with_reason(ProblemReason::host_memory);
        problem.available_bytes = 16 * k_gib;
        problem.needed_bytes = 26'031'728'640;  // 13,015,864,320 parameters × 2 B
        CHECK(describe_problem(problem) ==
              "host memory 16.00 GiB is smaller than the 24.24 GiB of weights that load through "
              "it");
    }
    SECTION("speed targets: milliseconds below a second, seconds from one") {
        FitProblem problem = with_reason(ProblemReason::speed_tpot);
        problem.seconds = 0.0139;
        problem.limit_seconds = 0.005;
        problem.concurrency = 64;
        CHECK(describe_problem(problem) ==
              "time per output token 14 ms at 64 concurrent sequences exceeds 5 ms");
        problem.concurrency = 1;
        CHECK(describe_problem(problem) ==
              "time per output token 14 ms at 1 concurrent sequence exceeds 5 ms");
        problem.reason = ProblemReason::speed_ttft;
        problem.seconds = 3.306;
        problem.limit_seconds = 0.3;
        CHECK(describe_problem(problem) ==
              "time to first token 3.31 s at zero load exceeds 300 ms");
        problem.static_batch = true;
        CHECK(describe_problem(problem) ==
              "time to first token 3.31 s for a batch of 1 exceeds 300 ms");
    }
    SECTION("worded reasons keep their words") {
        FitProblem problem = with_reason(ProblemReason::engine_rule);
        problem.words = "engine neuron does not run on T4 (cuda)";
        CHECK(describe_problem(problem) == "engine neuron does not run on T4 (cuda)");
        problem.reason = ProblemReason::strict_warning;
        problem.words = "T4 has no bf16: vllm serves fp16 there (the same size)";
        CHECK(describe_problem(problem) ==
              "--strict: T4 has no bf16: vllm serves fp16 there (the same size)");
    }
}

TEST_CASE("llmsize::cli::duration_text", "[describe_problem]") {
    CHECK(duration_text(0.0004) == "0 ms");
    CHECK(duration_text(0.0614) == "61 ms");
    CHECK(duration_text(0.999) == "999 ms");
    CHECK(duration_text(1.0) == "1.00 s");
    CHECK(duration_text(1.254) == "1.25 s");
}
