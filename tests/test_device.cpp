// What an accelerator runs (src/device.cpp) and the bare accelerators of --gpu (catalog.hpp's
// bare_accelerators, on data/accelerators.json). Compute capabilities are NVIDIA's published
// figures (developer.nvidia.com/cuda-gpus: T4 7.5, V100 7.0, A10G 8.6, L4 8.9, H100 9.0); which
// formats each computes natively follows the Transformer Engine support matrix (BF16 from 8.0,
// FP8 from 8.9). Memory figures are the data file's cited evidence.
#include <catch2/catch.hpp>

#include "llmsize/catalog.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/device.hpp"
#include "llmsize/error.hpp"

using namespace llmsize;

TEST_CASE("llmsize::device_capabilities", "[device]") {
    SECTION("catalog names match the table by chip") {
        // NVIDIA CUDA GPUs list: V100 7.0, T4 7.5, A100 8.0, A10G 8.6, L4/L40S 8.9, H100 9.0.
        CHECK(device_capabilities("V100-16GB").compute_capability_x10 == 70);
        CHECK(device_capabilities("T4").compute_capability_x10 == 75);
        CHECK(device_capabilities("A100-40GB").compute_capability_x10 == 80);
        CHECK(device_capabilities("A10G").compute_capability_x10 == 86);
        CHECK(device_capabilities("L40S").compute_capability_x10 == 89);
        CHECK(device_capabilities("H100-80GB").compute_capability_x10 == 90);
        CHECK(device_capabilities("H200-141GB").fp8);
        CHECK(device_capabilities("Inferentia2").runtime == Runtime::neuron);
        CHECK_FALSE(device_capabilities("Unknown-9000").known);
    }
    SECTION("every bundled instance has a capability entry") {
        for (const Instance& instance : bundled_catalog().instances) {
            INFO(instance.name);
            CHECK(instance.device.known);
        }
    }
    SECTION("A10G: Ampere 8.6, bf16 but no FP8") {
        const DeviceCapabilities a10g = device_capabilities("A10G");
        CHECK(a10g.known);
        CHECK(a10g.architecture == "Ampere");
        CHECK(a10g.compute_capability_x10 == 86);
        CHECK(a10g.runtime == Runtime::cuda);
        CHECK(a10g.bf16);
        CHECK_FALSE(a10g.fp8);
    }
    SECTION("T4 (Turing 7.5) and V100 (Volta 7.0): neither bf16 nor FP8") {
        const DeviceCapabilities t4 = device_capabilities("T4");
        CHECK(t4.compute_capability_x10 == 75);
        CHECK_FALSE(t4.bf16);
        CHECK_FALSE(t4.fp8);
        CHECK(device_capabilities("V100").compute_capability_x10 == 70);
    }
    SECTION("L4 (Ada 8.9) and H100 (Hopper 9.0): FP8") {
        const DeviceCapabilities l4 = device_capabilities("L4");
        CHECK(l4.compute_capability_x10 == 89);
        CHECK(l4.fp8);
        const DeviceCapabilities h100 = device_capabilities("H100");
        CHECK(h100.architecture == "Hopper");
        CHECK(h100.compute_capability_x10 == 90);
        CHECK(h100.fp8);
    }
    SECTION("a catalog name with a memory suffix finds its part before the first '-'") {
        CHECK(device_capabilities("H100-80GB") == device_capabilities("H100"));
        CHECK(device_capabilities("V100-16GB") == device_capabilities("V100"));
    }
    SECTION("Inferentia2 runs Neuron, NeuronCore-v2 (awsdocs-neuron), no compute capability") {
        const DeviceCapabilities inf2 = device_capabilities("Inferentia2");
        CHECK(inf2.known);
        CHECK(inf2.runtime == Runtime::neuron);
        CHECK(inf2.neuron_generation == "NeuronCore-v2");
        CHECK(inf2.compute_capability_x10 == 0);
    }
    SECTION("an unknown accelerator is not known, so every device rule passes it") {
        const DeviceCapabilities unknown = device_capabilities("TPU-v5e");
        CHECK_FALSE(unknown.known);
        CHECK(unknown.architecture.empty());
    }
}

TEST_CASE("llmsize::compute_capability_text and the runtime names", "[device]") {
    CHECK(compute_capability_text(86) == "8.6");
    CHECK(compute_capability_text(90) == "9.0");
    CHECK(compute_capability_text(120) == "12.0");
    CHECK(runtime_name(Runtime::cuda) == "cuda");
    CHECK(runtime_name(Runtime::neuron) == "neuron");
    CHECK(parse_runtime("Neuron") == Runtime::neuron);
    CHECK_THROWS_MATCHES(
        parse_runtime("rocm"), Error,
        Catch::Matchers::Message("unknown runtime 'rocm', expected cuda or neuron"));
}

TEST_CASE("llmsize::bare_accelerators", "[device][catalog]") {
    SECTION("8 x H100-80GB by its alias: one unpriced instance with the row's memory") {
        const Catalog catalog = bare_accelerators("H100", 8);
        REQUIRE(catalog.instances.size() == 1);
        const Instance& bare = catalog.instances.front();
        CHECK(bare.name == "8 x H100-80GB");
        CHECK(bare.family == "bare");
        CHECK(bare.accelerator_count == 8);
        // 80 GB as NVIDIA markets it; nvidia-smi reports 81,559 MiB (modal-labs/modal-client#2797)
        // and CUDA 85,017,493,504 B = 81,079 MiB (torch.cuda.mem_get_info, docs/validation.md).
        CHECK(bare.accelerator_memory_bytes_marketed == 80 * k_bytes_per_gb);
        CHECK(bare.accelerator_memory_bytes_usable == 81'559 * k_bytes_per_mib);
        CHECK(bare.accelerator_memory_bytes_cuda_visible == 81'079 * k_bytes_per_mib);
        CHECK_FALSE(bare.price_usd_per_hour);
        CHECK(bare.device == device_capabilities("H100"));
        // Arithmetic: 8 × 80 GB.
        CHECK(bare.total_accelerator_memory_bytes_marketed() == 640 * k_bytes_per_gb);
    }
    SECTION("an unknown kind is refused with a suggestion; a count outside 1-1024 too") {
        CHECK_THROWS_WITH(bare_accelerators("h10", 1),
                          Catch::Matchers::StartsWith("unknown accelerator 'h10'") &&
                              Catch::Matchers::EndsWith("did you mean 'h100-80gb'?"));
        CHECK_THROWS_MATCHES(bare_accelerators("h100", 0), Error,
                             Catch::Matchers::Message("--gpus must be between 1 and 1024, got 0"));
        CHECK_THROWS_AS(bare_accelerators("h100", 1025), Error);
    }
}
