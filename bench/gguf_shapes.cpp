// Writes GGUF files shaped like real exports, for bench/run.sh to time `llmsize --gguf` on:
//   llama-3.1-8b.gguf  an 8.9 MB header like Llama-3.1-8B-Instruct Q4_K_M: 128,256 tokens,
//                      280,147 merges, scores and token types, 292 tensors
//   large-vocab.gguf   a ~100 MB header, the shape of a large-vocabulary multimodal export:
//                      1,000,000 tokens and 3,500,000 merges
// The tensor data is sparse (the file is grown, not written), so each takes only its header on
// disk. Usage: llmsize_gguf_shapes FOLDER
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

template <typename T>
void put(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));  // little-endian machines only, like the tests
    out.append(bytes, sizeof(T));
}

void put_string(std::string& out, const std::string& text) {
    put<std::uint64_t>(out, text.size());
    out += text;
}

constexpr std::uint32_t k_uint32 = 4, k_int32 = 5, k_float32 = 6, k_string = 8, k_array = 9;
constexpr std::uint32_t k_q4_k = 12, k_q6_k = 14, k_f32 = 0;

struct Shape {
    std::uint64_t tokens;
    std::uint64_t merges;
};

// A token or merge of about `average` bytes, different for every index.
std::string piece(std::uint64_t index, std::size_t average) {
    std::string text(1, 't');
    text += std::to_string(index);
    text.resize(average + index % 5 - 2, 'a' + static_cast<char>(index % 26));
    return text;
}

std::uint64_t write_gguf(const std::filesystem::path& path, const Shape& shape) {
    std::string metadata;
    std::uint64_t pairs = 0;
    const auto key = [&](const std::string& name, std::uint32_t type) {
        put_string(metadata, name);
        put(metadata, type);
        ++pairs;
    };
    key("general.architecture", k_string);
    put_string(metadata, "llama");
    key("general.name", k_string);
    put_string(metadata, "bench shape");
    for (const auto& [name, value] :
         std::vector<std::pair<std::string, std::uint32_t>>{{"llama.block_count", 32},
                                                            {"llama.context_length", 131'072},
                                                            {"llama.embedding_length", 4096},
                                                            {"llama.feed_forward_length", 14'336},
                                                            {"llama.attention.head_count", 32},
                                                            {"llama.attention.head_count_kv", 8},
                                                            {"llama.rope.dimension_count", 128},
                                                            {"general.file_type", 15}}) {
        key(name, k_uint32);
        put(metadata, value);
    }
    key("tokenizer.ggml.tokens", k_array);
    put(metadata, k_string);
    put<std::uint64_t>(metadata, shape.tokens);
    for (std::uint64_t i = 0; i < shape.tokens; ++i)
        put_string(metadata, piece(i, 7));
    key("tokenizer.ggml.scores", k_array);
    put(metadata, k_float32);
    put<std::uint64_t>(metadata, shape.tokens);
    for (std::uint64_t i = 0; i < shape.tokens; ++i)
        put<float>(metadata, -static_cast<float>(i));
    key("tokenizer.ggml.token_type", k_array);
    put(metadata, k_int32);
    put<std::uint64_t>(metadata, shape.tokens);
    for (std::uint64_t i = 0; i < shape.tokens; ++i)
        put<std::int32_t>(metadata, 1);
    key("tokenizer.ggml.merges", k_array);
    put(metadata, k_string);
    put<std::uint64_t>(metadata, shape.merges);
    for (std::uint64_t i = 0; i < shape.merges; ++i)
        put_string(metadata, piece(i, 8) + " " + piece(i + 1, 5));

    // 32 blocks × 9 tensors + embeddings, output norm and output: 292, as in Llama-3.1-8B.
    std::string tensors;
    std::uint64_t tensor_count = 0;
    std::uint64_t offset = 0;
    const auto tensor = [&](const std::string& name, std::vector<std::uint64_t> dims,
                            std::uint32_t type) {
        put_string(tensors, name);
        put<std::uint32_t>(tensors, static_cast<std::uint32_t>(dims.size()));
        std::uint64_t elements = 1;
        for (const std::uint64_t dim : dims) {
            put(tensors, dim);
            elements *= dim;
        }
        put(tensors, type);
        put(tensors, offset);
        const std::uint64_t bytes = type == k_f32    ? elements * 4
                                    : type == k_q6_k ? elements / 256 * 210
                                                     : elements / 256 * 144;
        offset += (bytes + 31) / 32 * 32;
        ++tensor_count;
    };
    tensor("token_embd.weight", {4096, shape.tokens / 256 * 256}, k_q4_k);
    for (int block = 0; block < 32; ++block) {
        const std::string prefix = "blk." + std::to_string(block) + ".";
        tensor(prefix + "attn_norm.weight", {4096}, k_f32);
        tensor(prefix + "attn_q.weight", {4096, 4096}, k_q4_k);
        tensor(prefix + "attn_k.weight", {4096, 1024}, k_q4_k);
        tensor(prefix + "attn_v.weight", {4096, 1024}, k_q6_k);
        tensor(prefix + "attn_output.weight", {4096, 4096}, k_q4_k);
        tensor(prefix + "ffn_norm.weight", {4096}, k_f32);
        tensor(prefix + "ffn_gate.weight", {4096, 14'336}, k_q4_k);
        tensor(prefix + "ffn_up.weight", {4096, 14'336}, k_q4_k);
        tensor(prefix + "ffn_down.weight", {14'336, 4096}, k_q6_k);
    }
    tensor("output_norm.weight", {4096}, k_f32);
    tensor("output.weight", {4096, shape.tokens / 256 * 256}, k_q6_k);
    tensor("rope_freqs.weight", {64}, k_f32);

    std::string file = "GGUF";
    put<std::uint32_t>(file, 3);
    put(file, tensor_count);
    put(file, pairs);
    file += metadata;
    file += tensors;
    const std::uint64_t header_bytes = file.size();
    const std::uint64_t data_offset = (header_bytes + 31) / 32 * 32;
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(file.data(), static_cast<std::streamsize>(file.size()));
    }
    std::filesystem::resize_file(path, data_offset + offset);  // sparse tensor data
    return header_bytes;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: llmsize_gguf_shapes FOLDER\n");
        return 2;
    }
    const std::filesystem::path folder = argv[1];
    std::filesystem::create_directories(folder);
    for (const auto& [name, shape] : {std::pair{"llama-3.1-8b.gguf", Shape{128'256, 280'147}},
                                      std::pair{"large-vocab.gguf", Shape{1'000'000, 3'500'000}}}) {
        const std::uint64_t header_bytes = write_gguf(folder / name, shape);
        std::printf("%s: %.1f MB header, %llu tokens, %llu merges\n", (folder / name).c_str(),
                    static_cast<double>(header_bytes) / 1e6,
                    static_cast<unsigned long long>(shape.tokens),
                    static_cast<unsigned long long>(shape.merges));
    }
    return 0;
}
