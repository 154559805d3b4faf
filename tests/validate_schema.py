#!/usr/bin/env python3
"""Validates real llmsize output of every mode against docs/llmsize.schema.json.

Usage: validate_schema.py LLMSIZE SCHEMA. Exits 77 (a skipped ctest test) when the jsonschema
module is missing: `apt-get install python3-jsonschema` (scripts/install-deps.sh installs it)."""
import json
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed: skipped")
    sys.exit(77)

GPT2_CONFIG = json.dumps({"model_type": "gpt2", "n_layer": 12, "n_embd": 768, "n_head": 12,
                          "vocab_size": 50257, "n_positions": 1024})

# openai/whisper-large-v3's size keys: an encoder-decoder with a fixed cross-attention cache.
WHISPER_CONFIG = json.dumps({"model_type": "whisper", "d_model": 1280, "encoder_layers": 32,
                             "decoder_layers": 32, "encoder_attention_heads": 20,
                             "decoder_attention_heads": 20, "encoder_ffn_dim": 5120,
                             "decoder_ffn_dim": 5120, "num_mel_bins": 128, "vocab_size": 51866})

# A Mistral config with experts: refused unless --approximate, which sizes it with a warning.
MISTRAL_WITH_EXPERTS = json.dumps({"model_type": "mistral", "num_hidden_layers": 4, "hidden_size": 256,
                                   "num_attention_heads": 8, "num_key_value_heads": 2,
                                   "intermediate_size": 512, "vocab_size": 1000,
                                   "max_position_embeddings": 4096, "num_local_experts": 8})

# (arguments, standard input, expected exit code, which document it is)
CASES = [
    (["--params", "13e9", "--dtype", "fp16", "--seq", "4096,2048", "--engine", "raw"], "", 0, "sizing_report"),
    (["--model", "llama-3.1-8b", "--seq", "8k"], "", 0, "sizing_report"),
    (["--model", "llama-3.1-8b", "--seq", "4k", "--family", "g5", "--engine", "tgi", "--engine-version", "2.2"], "", 0, "sizing_report"),
    (["--model", "llama-3.1-8b", "--seq", "4k", "--gpu", "h100-80gb", "--engine", "trtllm"], "", 0, "sizing_report"),
    (["--model", "llama-3.1-8b", "--seq", "4k", "--family", "g5", "--engine", "lmi"], "", 0, "sizing_report"),
    (["--model", "llama-3.1-8b", "--input-tokens", "2048", "--output-tokens", "256", "--family", "g5,p5"], "", 0, "sizing_report"),
    (["--model", "llama-3.1-70b", "--input-tokens", "1k", "--output-tokens", "1k", "--batch", "64",
      "--instance", "ml.p5.48xlarge", "--max-tpot", "10ms"], "", 1, "sizing_report"),
    (["--model", "mixtral-8x7b", "--seq", "4k,32k", "--engine", "tgi"], "", 0, "sizing_report"),
    (["--model", "gemma-2-9b", "--seq", "8k", "--engine", "trtllm"], "", 0, "sizing_report"),
    (["--model", "jamba-v0.1", "--seq", "8k"], "", 0, "sizing_report"),
    (["--model", "flan-t5-xxl", "--seq", "2k", "--engine", "tgi"], "", 0, "sizing_report"),
    # vLLM does not serve T5: every instance refused, with its problem_kind and source.
    (["--model", "flan-t5-xxl", "--seq", "2k"], "", 1, "sizing_report"),
    (["--model", "deepseek-v3", "--seq", "4k", "--family", "g5"], "", 1, "sizing_report"),
    (["--model", "llama-2-13b", "--seq", "4096", "--instance", "ml.g5.12xlarge", "--batch", "17"], "", 1,
     "sizing_report"),
    (["--model", "qwen3-32b", "--gpu", "h100-80gb", "--gpus", "2", "--tp", "2", "--seq", "16000"], "", 0,
     "sizing_report"),
    # Problems with their figures: vLLM would not start; no valid tensor-parallel degree.
    (["--model", "qwen3-32b", "--gpu", "h100-80gb", "--seq", "32000"], "", 1, "sizing_report"),
    (["--model", "qwen2.5-7b", "--seq", "4k", "--instance", "ml.g5.12xlarge", "--tp", "3"], "", 1,
     "sizing_report"),
    (["--config", "-", "--seq", "1k", "--kv-dtype", "fp8"], GPT2_CONFIG, 0, "sizing_report"),
    (["--config", "-", "--seq", "448", "--family", "g5"], WHISPER_CONFIG, 0, "sizing_report"),
    (["--config", "-", "--seq", "448", "--family", "g5", "--engine", "sglang"], WHISPER_CONFIG, 1,
     "sizing_report"),
    (["--model", "llama-3.1-70b", "--dtype", "bf16,fp8,int4", "--seq", "8k"], "", 0, "dtype_comparison"),
    # Engine budgets term by term, by engine and release; prices by source.
    (["--model", "llama-3.1-8b", "--seq", "8k", "--engine", "sglang"], "", 0, "sizing_report"),
    (["--model", "llama-3.1-8b", "--seq", "8k", "--engine", "neuron"], "", 0, "sizing_report"),
    (["--model", "llama-3.1-8b", "--seq", "8k", "--engine", "llamacpp"], "", 0, "sizing_report"),
    (["--model", "llama-3.1-8b", "--seq", "8k", "--engine-version", "0.10", "--offline",
      "--pricing", "ec2"], "", 0, "sizing_report"),
    # The model's whole context (no --seq), and a --seq beyond it: a warning.
    (["--model", "qwen3-8b"], "", 0, "sizing_report"),
    (["--model", "llama-2-13b", "--seq", "8k", "--allow-long-context"], "", 0, "sizing_report"),
    # What --approximate sized without modelling it: warnings.
    (["--config", "-", "--seq", "1k", "--approximate"], MISTRAL_WITH_EXPERTS, 0, "sizing_report"),
    # llmsize fleet: every model fits somewhere; one does not; one input is bad (exit 2, matrix kept).
    (["fleet", "llama-3.1-8b", "qwen3-32b", "--seq", "4k,32k", "--family", "g6e"], "", 0, "fleet"),
    (["fleet", "llama-3.1-8b", "deepseek-v3", "--seq", "4k", "--family", "g5"], "", 1, "fleet"),
    (["fleet", "llama-3.1-8b", "nope", "--seq", "4k", "--family", "g5"], "", 2, "fleet"),
    (["models"], "", 0, "models"),
    (["models", "--family", "qwen"], "", 0, "models"),
    (["instances"], "", 0, "instances"),
    (["instances", "--family", "p5"], "", 0, "instances"),
]


def main():
    llmsize, schema_path = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as file:
        schema = json.load(file)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    for args, stdin, expected_code, kind in CASES:
        command = [llmsize, *args, "--json"]
        result = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
        label = "llmsize " + " ".join(args)
        if result.returncode != expected_code:
            print(f"FAIL {label}: exit {result.returncode}, expected {expected_code}: {result.stderr.strip()}")
            failures += 1
            continue
        document = json.loads(result.stdout)
        errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
                  for error in validator.iter_errors(document)]
        # The document must also match the one definition it is meant to be, not another.
        definition = {"$ref": "#/$defs/" + kind, "$defs": schema["$defs"]}
        errors += [f"as {kind}: {error.message}"
                   for error in jsonschema.Draft202012Validator(definition).iter_errors(document)]
        if errors:
            print(f"FAIL {label}:")
            for error in errors[:10]:
                print("  " + error[:300])
            failures += 1
        else:
            print(f"ok   {label} ({kind})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
