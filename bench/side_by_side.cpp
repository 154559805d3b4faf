// Runs commands side by side: each round starts every command once, in turn, with posix_spawn
// and stdout on /dev/null, and waits for it with wait4. Load that comes and goes hits every
// command alike, and no shell's fork sits in the figures. Prints, per command, the median wall
// time, the mean CPU time (user + system, from the kernel's rusage) and the median minor page
// faults, and each command's ratio to the first.
//
//   llmsize_side_by_side ROUNDS COMMAND [-- COMMAND]...
//   llmsize_side_by_side 1000 /bin/true -- build/llmsize --params 13e9 --seq 4096
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Sample {
    double wall_ms = 0;
    double cpu_ms = 0;
    long faults = 0;
};

double milliseconds(const timeval& time) {
    return static_cast<double>(time.tv_sec) * 1e3 + static_cast<double>(time.tv_usec) / 1e3;
}

Sample run_once(std::vector<char*>& argv, const posix_spawn_file_actions_t& actions) {
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
        std::fprintf(stderr, "cannot start %s\n", argv[0]);
        std::exit(2);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    const std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - start;
    return {wall.count(), milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime),
            usage.ru_minflt};
}

template <typename T>
T median(std::vector<T> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s ROUNDS COMMAND [-- COMMAND]...\n", argv[0]);
        return 2;
    }
    const long rounds = std::strtol(argv[1], nullptr, 10);
    std::vector<std::vector<char*>> commands(1);
    for (int i = 2; i < argc; ++i) {
        if (std::string(argv[i]) == "--") {
            commands.emplace_back();
        } else {
            commands.back().push_back(argv[i]);
        }
    }
    for (std::vector<char*>& command : commands) {
        if (command.empty() || rounds < 1) {
            std::fprintf(stderr, "usage: %s ROUNDS COMMAND [-- COMMAND]...\n", argv[0]);
            return 2;
        }
        command.push_back(nullptr);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<std::vector<Sample>> samples(commands.size());
    for (long round = 0; round < rounds; ++round) {
        for (std::size_t i = 0; i < commands.size(); ++i)
            samples[i].push_back(run_once(commands[i], actions));
    }
    double first_wall = 0;
    double first_cpu = 0;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        std::vector<double> wall;
        std::vector<long> faults;
        double cpu = 0;
        for (const Sample& sample : samples[i]) {
            wall.push_back(sample.wall_ms);
            faults.push_back(sample.faults);
            cpu += sample.cpu_ms;
        }
        cpu /= static_cast<double>(samples[i].size());
        const double wall_median = median(wall);
        if (i == 0) {
            first_wall = wall_median;
            first_cpu = cpu;
        }
        std::string name;
        for (char* const* word = commands[i].data(); *word != nullptr; ++word)
            name += std::string(name.empty() ? "" : " ") + *word;
        std::printf("wall median %.3f ms (%.2fx)  CPU mean %.3f ms (%.2fx)  faults %ld  %s\n",
                    wall_median, wall_median / first_wall, cpu, cpu / first_cpu, median(faults),
                    name.c_str());
    }
    posix_spawn_file_actions_destroy(&actions);
    return 0;
}
