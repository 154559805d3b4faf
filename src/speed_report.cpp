#include "llmsize/speed_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>

#include "llmsize/engine.hpp"

namespace llmsize {

namespace {

// Why `estimate` misses the targets; empty when it meets them.
FitProblem missed_target(const SpeedEstimate& estimate, const SpeedRequest& request) {
    FitProblem problem;
    problem.concurrency = estimate.concurrency;
    if (request.max_tpot_s && estimate.tpot_s > *request.max_tpot_s) {
        problem.reason = ProblemReason::speed_tpot;
        problem.seconds = estimate.tpot_s;
        problem.limit_seconds = *request.max_tpot_s;
        return problem;
    }
    if (request.max_ttft_s && estimate.ttft_s > *request.max_ttft_s) {
        problem.reason = ProblemReason::speed_ttft;
        problem.seconds = estimate.ttft_s;
        problem.limit_seconds = *request.max_ttft_s;
        problem.static_batch = estimate.regime == Batching::static_batch;
        return problem;
    }
    return {};
}

}  // namespace

SpeedSetup speed_setup_for(const SizingReport& report, const InstanceFit& fit,
                           const SpeedOverrides& overrides) {
    const EngineProfile& profile = engine_profile(report.engine.engine);
    SpeedSetup setup;
    setup.model = report.model;
    setup.weights = report.weights;
    setup.weight_bytes = report.weight_bytes;
    setup.kv_dtype = report.kv_dtype;
    setup.device = fit.instance.device;
    setup.gpus = std::max<std::uint64_t>(fit.tensor_parallel, 1);
    setup.tensor_parallel = profile.split != MemorySplit::layers;
    setup.replicas = std::max<std::uint64_t>(fit.replicas, 1);
    setup.price_usd_per_hour = fit.instance.price_usd_per_hour;
    setup.max_prefill_tokens_per_step = fit.per_gpu.settings.max_num_batched_tokens;
    setup.factors = speed_factors_for(report.engine.engine, fit.instance.device, overrides);
    return setup;
}

std::uint64_t speed_capacity(const InstanceFit& fit, std::uint64_t length) {
    std::uint64_t held = 0;
    for (const BatchFit& batch : fit.batches) {
        if (batch.sequence_length == length) held = batch.max_batch;
    }
    if (held == 0 && !fit.batches.empty()) {
        held = std::min_element(
                   fit.batches.begin(), fit.batches.end(),
                   [](const BatchFit& a, const BatchFit& b) { return a.max_batch < b.max_batch; })
                   ->max_batch;
    }
    const std::uint64_t seqs = fit.per_gpu.settings.max_num_seqs;
    if (seqs > 0) held = std::min(held, seqs * std::max<std::uint64_t>(fit.replicas, 1));
    return held;
}

namespace {

bool meets(const SpeedEstimate& estimate, const SpeedRequest& request) {
    return missed_target(estimate, request).empty();
}

void speed_for(InstanceFit& fit, const SizingReport& report, const SpeedRequest& request) {
    if (!fit.fits || !has_speed_facts(fit.instance.device) ||
        fit.instance.device.runtime != Runtime::cuda)
        return;
    const std::uint64_t length = request.workload.input_tokens + request.workload.output_tokens;
    const std::uint64_t held = speed_capacity(fit, length);
    if (held == 0) return;
    const SpeedSetup setup = speed_setup_for(report, fit, request.overrides);
    std::uint64_t concurrency = 0;
    if (report.batch) {
        concurrency = *report.batch;
        if (concurrency > held) {
            fit.warnings.push_back(
                std::to_string(concurrency - held) + " of the " + std::to_string(concurrency) +
                " requests queue: the engine runs " + std::to_string(held) +
                " at once (max_num_seqs per copy); speed is estimated at " + std::to_string(held));
            concurrency = held;
        }
    } else {
        // The largest concurrency that meets the targets; time per token grows with it.
        std::uint64_t low = 1;
        std::uint64_t high = held;
        if (!meets(estimate_speed(setup, request.workload, low), request)) {
            high = low;
        } else {
            while (low < high) {
                const std::uint64_t middle = low + (high - low + 1) / 2;
                if (meets(estimate_speed(setup, request.workload, middle), request))
                    low = middle;
                else
                    high = middle - 1;
            }
        }
        concurrency = low;
    }
    fit.speed = estimate_speed(setup, request.workload, concurrency);
    if (FitProblem missed = missed_target(*fit.speed, request); !missed.empty()) {
        fit.fits = false;
        fit.problem_kind = ProblemKind::speed;
        fit.problem = std::move(missed);
    }
}

// Fitting first; among them the lowest $ per million output tokens, estimates before none.
bool cheaper_per_token(const InstanceFit& a, const InstanceFit& b) {
    if (a.fits != b.fits) return a.fits;
    if (!a.fits) return false;
    const auto cost = [](const InstanceFit& fit) -> std::optional<double> {
        if (!fit.speed) return std::nullopt;
        return fit.speed->usd_per_million_output_tokens;
    };
    const std::optional<double> cost_a = cost(a);
    const std::optional<double> cost_b = cost(b);
    if (cost_a.has_value() != cost_b.has_value()) return cost_a.has_value();
    if (cost_a && cost_b) return *cost_a < *cost_b;
    return false;
}

}  // namespace

void add_speed(SizingReport& report, const SpeedRequest& request) {
    report.workload = request.workload;
    for (InstanceFit& fit : report.instances)
        speed_for(fit, report, request);
    std::stable_sort(report.instances.begin(), report.instances.end(), cheaper_per_token);
    report.recommended.reset();
    if (!report.instances.empty() && report.instances.front().fits)
        report.recommended = report.instances.front().instance.name;
    if (report.best_value) {
        const auto found = std::find_if(
            report.instances.begin(), report.instances.end(),
            [&](const InstanceFit& fit) { return fit.instance.name == *report.best_value; });
        if (found == report.instances.end() || !found->fits ||
            report.best_value == report.recommended)
            report.best_value.reset();
    }

    std::string text = fmt::format(
        "speed: estimates for {} input and {} output tokens per request, {} batching; time to "
        "first token {}, time per output token excludes the first; a roofline with efficiency "
        "factors and fixed overheads "
        "(data/speed_factors.json), not a measurement; ignores speculative decoding, prefix "
        "caching and queueing under load",
        request.workload.input_tokens, request.workload.output_tokens,
        batching_name(request.workload.batching),
        request.workload.batching == Batching::static_batch
            ? "when the whole batch has prefilled together (then one step)"
            : "at zero load (prefill + one step)");
    report.notes.push_back(text);
    std::set<std::string> seen;
    std::set<std::string> without;
    for (const InstanceFit& fit : report.instances) {
        const DeviceCapabilities& device = fit.instance.device;
        if (!has_speed_facts(device) || device.runtime != Runtime::cuda) {
            without.insert(fit.instance.accelerator);
            continue;
        }
        const SpeedFactors factors =
            speed_factors_for(report.engine.engine, device, request.overrides);
        const std::string line = "speed factors on " + fit.instance.accelerator + " (" +
                                 device.memory_kind + ", " + device.link + ", " +
                                 std::string(engine_name(report.engine.engine)) +
                                 "): " + factors.summary;
        if (seen.insert(fit.instance.accelerator).second) report.notes.push_back(line);
    }
    if (!without.empty()) {
        std::string names;
        for (const std::string& name : without)
            names += (names.empty() ? "" : ", ") + name;
        report.notes.push_back("speed: no estimate on " + names +
                               " (no bandwidth and peak facts, or a Neuron device: no public "
                               "calibration); ranked after the estimated instances");
    }
}

}  // namespace llmsize
