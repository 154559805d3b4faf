// Writes a fleet of N generated Llama-style config.json files under DIR
// (DIR/model-0001/config.json,
// ...) and DIR/fleet.txt listing them, for bench/run.sh to time `llmsize fleet --from`.
// Usage: llmsize_make_fleet DIR [N]   (default 1000)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs("usage: llmsize_make_fleet DIR [N]\n", stderr);
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const int count = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1000;
    std::filesystem::create_directories(dir);
    std::ofstream list(dir / "fleet.txt");
    // Shapes from 1 B to about 400 B parameters: layers, hidden size, heads and KV heads vary.
    const int layers[] = {16, 24, 32, 40, 48, 60, 80, 96, 126};
    const int hidden[] = {2048, 3072, 4096, 5120, 6144, 8192, 12288, 16384};
    const int kv_heads[] = {1, 4, 8, 16, 32};
    for (int i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "model-%04d", i);
        const std::filesystem::path folder = dir / name;
        std::filesystem::create_directories(folder);
        const int h = hidden[i % 8];
        const int heads = h / 128;
        const int kv = std::gcd(heads, kv_heads[(i / 8) % 5]);  // divides the heads
        std::ofstream config(folder / "config.json");
        config << "{\n  \"architectures\": [\"LlamaForCausalLM\"],\n"
               << "  \"model_type\": \"llama\",\n"
               << "  \"hidden_size\": " << h << ",\n"
               << "  \"intermediate_size\": " << (h * 8 / 3 + 255) / 256 * 256 << ",\n"
               << "  \"num_hidden_layers\": " << layers[(i / 40) % 9] << ",\n"
               << "  \"num_attention_heads\": " << heads << ",\n"
               << "  \"num_key_value_heads\": " << kv << ",\n"
               << "  \"max_position_embeddings\": 131072,\n"
               << "  \"rms_norm_eps\": 1e-05,\n"
               << "  \"rope_theta\": 500000.0,\n"
               << "  \"tie_word_embeddings\": false,\n"
               << "  \"torch_dtype\": \"bfloat16\",\n"
               << "  \"vocab_size\": " << 32000 + 1000 * (i % 97) << "\n}\n";
        list << folder.string() << '\n';
    }
    return list.flush() ? 0 : 1;
}
