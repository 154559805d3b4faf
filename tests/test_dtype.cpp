#include <catch2/catch.hpp>

#include "llmsize/dtype.hpp"

using namespace llmsize;

TEST_CASE("llmsize::parse_dtype", "[dtype]") {
    CHECK(parse_dtype("fp16") == Dtype::fp16);
    CHECK(parse_dtype("BF16") == Dtype::bf16);
    CHECK(parse_dtype("bfloat16") == Dtype::bf16);  // config.json's torch_dtype spelling
    CHECK(parse_dtype("float32") == Dtype::fp32);
    CHECK(parse_dtype("int4") == Dtype::int4);
    CHECK_THROWS_WITH(parse_dtype("fp12"),
                      "unknown dtype 'fp12', expected one of fp32, fp16, bf16, fp8, int8, int4");
}

TEST_CASE("llmsize::dtype_bytes", "[dtype]") {
    CHECK(dtype_bytes(Dtype::fp32) == 4.0);
    CHECK(dtype_bytes(Dtype::bf16) == 2.0);
    CHECK(dtype_bytes(Dtype::fp8) == 1.0);
    CHECK(dtype_bytes(Dtype::int4) == 0.5);
    // ggml's block_q4_0: an fp16 scale and 16 bytes of nibbles per 32 values = 18 / 32 B;
    // block_q8_0: an fp16 scale and 32 bytes = 34 / 32 B (ggml-common.h).
    CHECK(dtype_bytes(Dtype::q4_0) == 0.5625);
    CHECK(dtype_bytes(Dtype::q8_0) == 1.0625);
}

TEST_CASE("llmsize::bytes_for_elements", "[dtype]") {
    // The guide: "Size in GB = Number of Parameters * 2 (bytes / param)" for half precision,
    // 4 for fp32, 1 for int8; the issue adds int4 at 0.5 byte.
    CHECK(bytes_for_elements(13'000'000'000, Dtype::fp16) == 26'000'000'000);
    CHECK(bytes_for_elements(13'000'000'000, Dtype::fp32) == 52'000'000'000);
    CHECK(bytes_for_elements(13'000'000'000, Dtype::int8) == 13'000'000'000);
    CHECK(bytes_for_elements(13'000'000'000, Dtype::int4) == 6'500'000'000);
    CHECK(bytes_for_elements(3, Dtype::int4) == 2);  // half bytes round up
    CHECK_FALSE(is_kv_dtype(Dtype::int4));
    CHECK(is_kv_dtype(Dtype::fp8));
}
