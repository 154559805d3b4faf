// Writers for small checkpoint files (GGUF, safetensors) that tests build themselves.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "temp_folder.hpp"

namespace llmsize::testing {

namespace fs = std::filesystem;

template <typename T>
std::string le(T value) {
    std::string bytes(sizeof(T), '\0');
    std::memcpy(bytes.data(), &value, sizeof(T));  // the test machines are little-endian
    return bytes;
}

inline std::string gguf_string(const std::string& text) {
    return le<std::uint64_t>(text.size()) + text;
}

// GGML type ids (ggml.h) and value type ids (docs/gguf.md) the tests use.
constexpr std::uint32_t k_f32 = 0, k_f16 = 1, k_q8_0 = 8, k_q4_k = 12, k_q6_k = 14;
constexpr std::uint32_t k_uint32 = 4, k_int32 = 5, k_float32 = 6, k_string = 8, k_array = 9;

// Builds a GGUF file: metadata first, then tensors. Positions it returns are absolute byte
// offsets in the file, for the error messages. Tensor data is made sparse by resize_file.
class GgufWriter {
  public:
    explicit GgufWriter(std::uint32_t version = 3) : m_version(version) {}

    // A key/value pair with a raw value (type id + payload); returns where the pair starts.
    std::uint64_t add_raw(const std::string& key, std::uint32_t type, const std::string& payload) {
        REQUIRE(m_tensors.empty());
        const std::uint64_t at = 24 + m_metadata.size();
        m_metadata += gguf_string(key) + le(type) + payload;
        ++m_metadata_count;
        return at;
    }
    void add_u32(const std::string& key, std::uint32_t value) { add_raw(key, k_uint32, le(value)); }
    void add_string(const std::string& key, const std::string& value) {
        add_raw(key, k_string, gguf_string(value));
    }
    void add_i32_array(const std::string& key, const std::vector<std::int32_t>& values) {
        std::string payload = le(k_int32) + le<std::uint64_t>(values.size());
        for (const std::int32_t value : values)
            payload += le(value);
        add_raw(key, k_array, payload);
    }
    void add_string_array(const std::string& key, const std::vector<std::string>& values) {
        std::string payload = le(k_string) + le<std::uint64_t>(values.size());
        for (const std::string& value : values)
            payload += gguf_string(value);
        add_raw(key, k_array, payload);
    }

    // A tensor info with the next offset ggml expects; returns where its type id is.
    std::uint64_t add_tensor(const std::string& name, const std::vector<std::uint64_t>& dims,
                             std::uint32_t type, std::uint64_t bytes,
                             std::optional<std::uint64_t> offset = std::nullopt) {
        std::string info = gguf_string(name) + le(static_cast<std::uint32_t>(dims.size()));
        for (const std::uint64_t dim : dims)
            info += le(dim);
        const std::uint64_t type_at = 24 + m_metadata.size() + m_tensors.size() + info.size();
        info += le(type) + le(offset.value_or(m_data_bytes));
        m_tensors += info;
        ++m_tensor_count;
        m_data_bytes += (bytes + 31) / 32 * 32;
        m_last_bytes = bytes;
        return type_at;
    }
    // Raw bytes in the tensor-info section, counted as one tensor.
    std::uint64_t add_raw_tensor(const std::string& info) {
        const std::uint64_t at = 24 + m_metadata.size() + m_tensors.size();
        m_tensors += info;
        ++m_tensor_count;
        return at;
    }

    std::string header() const {
        return "GGUF" + le(m_version) + le(m_tensor_count) + le(m_metadata_count) + m_metadata +
               m_tensors;
    }

    // Writes the header, pads to 32 bytes, and grows the file to hold the tensor data.
    fs::path write(const fs::path& path) const {
        const std::string bytes = header();
        write_bytes(path, bytes);
        const std::uint64_t data_offset = (bytes.size() + 31) / 32 * 32;
        const std::uint64_t data_bytes =
            m_tensor_count == 0 ? 0 : m_data_bytes - (m_last_bytes + 31) / 32 * 32 + m_last_bytes;
        fs::resize_file(path, data_offset + data_bytes);
        return path;
    }

  private:
    std::uint32_t m_version;
    std::uint64_t m_tensor_count = 0;
    std::uint64_t m_metadata_count = 0;
    std::string m_metadata;
    std::string m_tensors;
    std::uint64_t m_data_bytes = 0;
    std::uint64_t m_last_bytes = 0;
};

inline void add_llama_metadata(GgufWriter& writer, std::uint32_t layers) {
    writer.add_string("general.architecture", "llama");
    writer.add_string("general.name", "tiny-llama");
    writer.add_u32("llama.block_count", layers);
    writer.add_u32("llama.context_length", 4096);
    writer.add_u32("llama.embedding_length", 256);
    writer.add_u32("llama.attention.head_count", 8);
}

inline std::string le64(std::uint64_t value) {
    std::string bytes;
    for (int i = 0; i < 8; ++i)
        bytes += static_cast<char>((value >> (8 * i)) & 0xFF);
    return bytes;
}

// A safetensors file: N, the JSON header, then `data_bytes` of tensor data. The data is made by
// growing the file, so it is sparse: a 4 GiB tensor takes no disk space.
inline fs::path write_safetensors(const fs::path& path, const std::string& header,
                                  std::uint64_t data_bytes) {
    write_bytes(path, le64(header.size()) + header);
    fs::resize_file(path, 8 + header.size() + data_bytes);
    return path;
}

}  // namespace llmsize::testing
