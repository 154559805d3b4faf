// Runs the headline command in-process and reports the mean and best time per run.
// Usage: llmsize_bench [runs] [GGUF_FOLDER]   (default 200 runs; with a folder written by
// llmsize_gguf_shapes, also `--gguf` on each of its shapes)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "run_cli.hpp"

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
    std::vector<std::vector<std::string>> commands = {
        {"--params", "13e9", "--dtype", "fp16", "--seq", "4096,2048"},
        {"--params", "13e9", "--dtype", "fp16", "--seq", "4096,2048", "--json"},
        {"--model", "deepseek-v3", "--seq", "8192,32768"},
    };
    if (argc > 2) {
        for (const char* shape : {"llama-3.1-8b.gguf", "large-vocab.gguf"})
            commands.push_back({"--gguf", std::string(argv[2]) + "/" + shape, "--seq", "4096"});
    }
    for (const auto& args : commands) {
        std::string line;
        for (const auto& arg : args)
            line += arg + " ";
        std::vector<double> micros;
        for (int i = 0; i < runs; ++i) {
            std::ostringstream out;
            std::ostringstream err;
            const auto start = std::chrono::steady_clock::now();
            const int code = llmsize::cli::run_cli(args, out, err);
            const auto stop = std::chrono::steady_clock::now();
            if (code != 0) {
                std::fprintf(stderr, "%s failed: %s", line.c_str(), err.str().c_str());
                return 1;
            }
            micros.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
        }
        double sum = 0;
        for (const double value : micros)
            sum += value;
        std::printf("%-60s mean %8.1f us  best %8.1f us  (%d runs, in-process)\n", line.c_str(),
                    sum / runs, *std::min_element(micros.begin(), micros.end()), runs);
    }
    return 0;
}
