#include <iostream>
#include <string>
#include <vector>

#include "run_cli.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    return llmsize::cli::run_cli(args, std::cin, std::cout, std::cerr,
                                 llmsize::cli::detect_terminal());
}
