// Structured libFuzzer target for the checkpoint readers (issue 16): the input drives a generator
// that writes a well-formed-looking GGUF or safetensors header whose counts are huge (array
// lengths, tensor and key counts, dimensions near 2^64, header lengths near the format's caps) in
// a small file, grown sparse to up to 64 MiB. Byte-level mutation rarely builds such headers; this
// target does every time. The contract of fuzz_checkpoint holds: only llmsize::Error, and its
// text names the file, is one line and is terminal-safe; the 2 GiB RSS limit and the 5 s timeout
// of scripts/fuzz.sh catch memory or time that grows with a count instead of the file.
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "llmsize/error.hpp"
#include "llmsize/gguf.hpp"
#include "llmsize/safetensors.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path& input_path(std::string_view extension) {
    static const fs::path gguf =
        fs::temp_directory_path() / ("llmsize-fuzz-shapes-" + std::to_string(::getpid()) + ".gguf");
    static const fs::path safetensors =
        fs::temp_directory_path() /
        ("llmsize-fuzz-shapes-" + std::to_string(::getpid()) + ".safetensors");
    return extension == "gguf" ? gguf : safetensors;
}

// A count as hostile headers write them: small, a power of two, one off one, or any 64 bits.
std::uint64_t pick_count(FuzzedDataProvider& input) {
    switch (input.ConsumeIntegralInRange<int>(0, 3)) {
        case 0:
            return input.ConsumeIntegralInRange<std::uint64_t>(0, 16);
        case 1:
            return std::uint64_t{1} << input.ConsumeIntegralInRange<int>(0, 63);
        case 2:
            return (std::uint64_t{1} << input.ConsumeIntegralInRange<int>(1, 63)) +
                   (input.ConsumeBool() ? 1 : -1);
        default:
            return input.ConsumeIntegral<std::uint64_t>();
    }
}

template <typename T>
void put(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

void put_string(std::string& out, std::string_view text) {
    put<std::uint64_t>(out, text.size());
    out += text;
}

std::string gguf_header(FuzzedDataProvider& input) {
    std::string out = "GGUF";
    put<std::uint32_t>(out, input.ConsumeBool() ? 3 : 2);
    put<std::uint64_t>(out, pick_count(input));  // tensors
    put<std::uint64_t>(out, pick_count(input));  // metadata pairs
    const int pairs = input.ConsumeIntegralInRange<int>(0, 12);
    for (int i = 0; i < pairs; ++i) {
        put_string(out, input.ConsumeRandomLengthString(48));
        const auto type = input.ConsumeIntegralInRange<std::uint32_t>(0, 13);
        put(out, type);
        if (type == 9) {  // an array, perhaps of arrays, with a huge length and a few elements
            const int depth = input.ConsumeIntegralInRange<int>(1, 5);
            for (int level = 0; level < depth; ++level) {
                put<std::uint32_t>(out, level + 1 < depth
                                            ? 9
                                            : input.ConsumeIntegralInRange<std::uint32_t>(0, 12));
                put<std::uint64_t>(out, pick_count(input));
            }
            out += input.ConsumeRandomLengthString(64);
        } else if (type == 8) {
            put<std::uint64_t>(out, pick_count(input));
            out += input.ConsumeRandomLengthString(32);
        } else {
            put<std::uint64_t>(out, input.ConsumeIntegral<std::uint64_t>());
        }
    }
    const int tensors = input.ConsumeIntegralInRange<int>(0, 6);
    for (int i = 0; i < tensors; ++i) {
        put_string(out, input.ConsumeRandomLengthString(70));
        const auto dimensions = input.ConsumeIntegralInRange<std::uint32_t>(0, 5);
        put(out, dimensions);
        for (std::uint32_t d = 0; d < dimensions; ++d)
            put<std::uint64_t>(out, pick_count(input));
        put<std::uint32_t>(out, input.ConsumeIntegralInRange<std::uint32_t>(0, 40));
        put<std::uint64_t>(out, pick_count(input));
    }
    return out;
}

std::string safetensors_file(FuzzedDataProvider& input) {
    std::string json = "{";
    if (input.ConsumeBool()) {  // a __metadata__ with a long array, never kept
        json += R"("__metadata__":{"a":[)";
        const std::size_t elements = input.ConsumeIntegralInRange<std::size_t>(0, 20'000);
        for (std::size_t i = 0; i < elements; ++i)
            json += i == 0 ? "0" : ",0";
        json += "]}";
    }
    const int tensors = input.ConsumeIntegralInRange<int>(0, 6);
    for (int i = 0; i < tensors; ++i) {
        if (json.size() > 1) json += ",";
        json += "\"t" + std::to_string(i) + "\":{\"dtype\":\"" +
                std::string(input.PickValueInArray({"F16", "BF16", "F4", "F6_E2M3", "I64", "X"})) +
                "\",\"shape\":[";
        const int dimensions = input.ConsumeIntegralInRange<int>(0, 5);
        for (int d = 0; d < dimensions; ++d)
            json += (d == 0 ? "" : ",") + std::to_string(pick_count(input));
        json += "],\"data_offsets\":[" + std::to_string(pick_count(input)) + "," +
                std::to_string(pick_count(input)) + "]}";
    }
    json += "}";
    std::string out;
    put<std::uint64_t>(out, input.ConsumeBool() ? json.size() : pick_count(input));
    return out + json;
}

void check_error_text(std::string_view message, const fs::path& path) {
    LLMSIZE_FUZZ_CHECK(message.starts_with("reading '" + path.string() + "': "));
    LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_one_line(message));
    LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_terminal_safe(message));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const bool gguf = input.ConsumeBool();
    const fs::path& path = input_path(gguf ? "gguf" : "safetensors");
    const std::string header = gguf ? gguf_header(input) : safetensors_file(input);
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(header.data(), static_cast<std::streamsize>(header.size()));
    }
    const std::uint64_t grown = input.ConsumeIntegralInRange<std::uint64_t>(0, 64ULL << 20);
    fs::resize_file(path, header.size() + grown);  // sparse: zeros that take no disk
    try {
        if (gguf) {
            (void)llmsize::model_from_gguf(llmsize::read_gguf_header(path));
        } else {
            (void)llmsize::read_safetensors_header(path);
        }
    } catch (const llmsize::Error& error) {
        check_error_text(error.what(), path);
    }
    return 0;
}
