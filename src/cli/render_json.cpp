// The --json document. Field names are a public contract (README "JSON"): add fields freely,
// never change a meaning without bumping k_schema_version.
#include <nlohmann/json.hpp>
#include <ostream>

#include "llmsize/kv_cache.hpp"
#include "render.hpp"

namespace llmsize::cli {

namespace {

nlohmann::json optional_string(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json model_json(const SizingReport& report) {
    const ModelSpec& model = report.model;
    nlohmann::json layers = nlohmann::json::array();
    for (const KvLayerGroup& group : model.kv_layers) {
        nlohmann::json entry = {
            {"kind", layer_kind_name(group.kind)},
            {"layers", group.layers},
            {"kv_heads", group.kv_heads},
            {"key_dim", group.key_dim},
            {"value_dim", group.value_dim},
            {"window_tokens", group.window_tokens == 0 ? nlohmann::json(nullptr)
                                                       : nlohmann::json(group.window_tokens)}};
        layers.push_back(entry);
    }
    if (model.recurrent_layers > 0) {
        layers.push_back(
            {{"kind", "mamba"},
             {"layers", model.recurrent_layers},
             {"state_elements_per_sequence", model.recurrent_state_elements_per_layer}});
    }
    for (const KvLayerGroup& group : model.cross_kv_layers) {
        layers.push_back({{"kind", layer_kind_name(group.kind)},
                          {"layers", group.layers},
                          {"kv_heads", group.kv_heads},
                          {"key_dim", group.key_dim},
                          {"value_dim", group.value_dim}});
    }
    return {
        {"name", optional_string(model.name)},
        {"source", source_name(model.source)},
        {"architecture", optional_string(model.architecture)},
        {"parameters", model.parameters},
        {"active_parameters", model.active_parameters ? nlohmann::json(*model.active_parameters)
                                                      : nlohmann::json(nullptr)},
        {"layers", model.layers},
        {"hidden_size", model.hidden_size},
        {"attention_heads", model.attention_heads},
        {"kv_heads", model.kv_heads},
        {"head_dim", model.head_dim},
        {"layer_groups", layers},
    };
}

nlohmann::json instance_json(const InstanceFit& fit) {
    const Instance& instance = fit.instance;
    nlohmann::json batches = nlohmann::json::array();
    for (const BatchFit& batch : fit.batches) {
        batches.push_back(
            {{"sequence_length", batch.sequence_length}, {"max_batch", batch.max_batch}});
    }
    return {
        {"name", instance.name},
        {"accelerator", instance.accelerator},
        {"accelerator_count", instance.accelerator_count},
        {"memory_bytes", fit.memory_bytes},
        {"fits", fit.fits},
        {"kv_budget_bytes", fit.kv_budget_bytes},
        {"max_tokens", fit.max_tokens},
        {"batches", batches},
        {"price_usd_per_hour", instance.price_usd_per_hour
                                   ? nlohmann::json(*instance.price_usd_per_hour)
                                   : nlohmann::json(nullptr)},
        {"usd_per_hour_per_sequence", fit.usd_per_hour_per_sequence
                                          ? nlohmann::json(*fit.usd_per_hour_per_sequence)
                                          : nlohmann::json(nullptr)},
        {"tensor_parallel", fit.tensor_parallel},
        {"replicas", fit.replicas},
        {"per_gpu",
         {{"device_bytes", fit.per_gpu.device_bytes},
          {"engine_cap_bytes", fit.per_gpu.engine_cap_bytes},
          {"weight_bytes", fit.per_gpu.weight_bytes},
          {"reserve_bytes", fit.per_gpu.reserve_bytes},
          {"kv_bytes", fit.per_gpu.kv_bytes}}},
        {"problem", fit.problem.empty() ? nlohmann::json(nullptr) : nlohmann::json(fit.problem)},
        {"warnings", fit.warnings},
        {"price_date", instance.price_date.empty() ? nlohmann::json(nullptr)
                                                   : nlohmann::json(instance.price_date)},
        {"price_region", instance.price_region.empty() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(instance.price_region)},
    };
}

nlohmann::json multi_node_json(const SizingReport& report) {
    if (!report.multi_node) return nullptr;
    const MultiNodeFit& multi = *report.multi_node;
    nlohmann::json batches = nlohmann::json::array();
    for (const BatchFit& batch : multi.batches) {
        batches.push_back(
            {{"sequence_length", batch.sequence_length}, {"max_batch", batch.max_batch}});
    }
    return {
        {"instance", multi.instance.name},
        {"nodes", multi.nodes},
        {"tensor_parallel", multi.tensor_parallel},
        {"pipeline_parallel", multi.pipeline_parallel},
        {"batches", batches},
        {"price_usd_per_hour", multi.price_usd_per_hour ? nlohmann::json(*multi.price_usd_per_hour)
                                                        : nlohmann::json(nullptr)}};
}

nlohmann::json sizing_document(const SizingReport& report) {
    nlohmann::json sequences = nlohmann::json::array();
    nlohmann::json lengths = nlohmann::json::array();
    for (const SequenceCost& sequence : report.sequences) {
        sequences.push_back(
            {{"sequence_length", sequence.sequence_length}, {"bytes", sequence.kv_bytes}});
        lengths.push_back(sequence.sequence_length);
    }
    nlohmann::json instances = nlohmann::json::array();
    for (const InstanceFit& fit : report.instances)
        instances.push_back(instance_json(fit));
    nlohmann::json kv_cache = {
        {"dtype", dtype_name(report.kv_dtype)},
        {"bytes_per_token", report.kv_bytes_per_token},
        {"bytes_per_sequence", sequences},
    };
    if (!report.model.cross_kv_layers.empty()) {
        kv_cache["cross_attention_bytes_per_encoder_token"] =
            cross_kv_bytes_per_token(report.model, report.kv_dtype);
    }
    if (report.model.recurrent_layers > 0) {
        kv_cache["recurrent_state_bytes_per_sequence"] =
            recurrent_state_bytes_per_sequence(report.model, report.kv_dtype);
    }
    const nlohmann::json document = {
        {"schema_version", k_schema_version},
        {"model", model_json(report)},
        {"weights",
         {{"dtype", dtype_name(report.weights.dtype)},
          {"bytes", report.weight_bytes},
          {"format", report.weights.description}}},
        {"kv_cache", kv_cache},
        {"engine", engine_name(report.engine.engine)},
        {"engine_settings",
         {{"memory_fraction", report.engine.memory_fraction},
          {"reserve_bytes_per_gpu", report.engine.reserve_bytes_per_gpu},
          {"block_tokens", report.engine.block_tokens}}},
        {"requirements",
         {{"batch", report.batch ? nlohmann::json(*report.batch) : nlohmann::json(nullptr)},
          {"tensor_parallel", report.tensor_parallel ? nlohmann::json(*report.tensor_parallel)
                                                     : nlohmann::json(nullptr)}}},
        {"multi_node", multi_node_json(report)},
        {"sequence_lengths", lengths},
        {"instances", instances},
        {"recommended",
         report.recommended ? nlohmann::json(*report.recommended) : nlohmann::json(nullptr)},
        {"notes", report.notes},
    };
    return document;
}

}  // namespace

void render_json(const SizingReport& report, std::ostream& out) {
    out << sizing_document(report).dump(2) << '\n';
}

void render_json(std::span<const SizingReport> reports, std::ostream& out) {
    nlohmann::json documents = nlohmann::json::array();
    for (const SizingReport& report : reports)
        documents.push_back(sizing_document(report));
    out << nlohmann::json{{"schema_version", k_schema_version}, {"reports", documents}}.dump(2)
        << '\n';
}

void render_models_json(std::span<const Preset> presets, std::ostream& out) {
    nlohmann::json models = nlohmann::json::array();
    for (const Preset& preset : presets) {
        const ModelSpec model = model_from_preset(preset);
        models.push_back({
            {"name", preset.name},
            {"hf_id", preset.hf_id},
            {"architecture", optional_string(model.architecture)},
            {"parameters", model.parameters},
            {"active_parameters", model.active_parameters ? nlohmann::json(*model.active_parameters)
                                                          : nlohmann::json(nullptr)},
            {"published_parameters", preset.published_parameters
                                         ? nlohmann::json(*preset.published_parameters)
                                         : nlohmann::json(nullptr)},
            {"layers", model.layers},
            {"kv_heads", model.kv_heads},
            {"head_dim", model.head_dim},
            {"kv_bytes_per_token_fp16", kv_bytes_per_token(model, Dtype::fp16)},
            {"config_verbatim", preset.config_verbatim},
            // Citations a reader can follow: the model's own files on the Hugging Face Hub. How
            // each value was checked is recorded in data/model_sources.json.
            {"config_source", "https://huggingface.co/" + preset.hf_id + "/blob/main/config.json"},
            {"published_parameters_source", "https://huggingface.co/" + preset.hf_id},
        });
    }
    out << nlohmann::json{{"schema_version", k_schema_version},
                          {"sources",
                           "config_source is the model's config.json on the Hugging Face Hub; "
                           "published_parameters_source is the model's page there, whose "
                           "safetensors metadata gives the exact parameter count. The llmsize "
                           "source tree records how each value was checked "
                           "(data/model_sources.json)."},
                          {"models", models}}
               .dump(2)
        << '\n';
}

void render_instances_json(const Catalog& catalog, std::ostream& out) {
    nlohmann::json instances = nlohmann::json::array();
    for (const Instance& instance : catalog.instances) {
        instances.push_back({
            {"name", instance.name},
            {"aliases", instance.aliases},
            {"family", instance.family},
            {"accelerator", instance.accelerator},
            {"accelerator_count", instance.accelerator_count},
            {"accelerator_memory_bytes_marketed", instance.accelerator_memory_bytes_marketed},
            {"accelerator_memory_bytes_usable", instance.accelerator_memory_bytes_usable},
            {"vcpus", instance.vcpus},
            {"host_memory_bytes", instance.host_memory_bytes},
            {"interconnect", instance.interconnect},
            {"neuron_cores", instance.neuron_cores ? nlohmann::json(instance.neuron_cores)
                                                   : nlohmann::json(nullptr)},
            {"price_usd_per_hour", instance.price_usd_per_hour
                                       ? nlohmann::json(*instance.price_usd_per_hour)
                                       : nlohmann::json(nullptr)},
            {"price_region", instance.price_region},
            {"price_date", instance.price_date},
            {"price_source", instance.price_source},
            {"source", instance.source},
        });
    }
    out << nlohmann::json{{"schema_version", k_schema_version}, {"instances", instances}}.dump(2)
        << '\n';
}

}  // namespace llmsize::cli
