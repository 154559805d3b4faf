# Cross-checks llmsize's parameter counts against HuggingFace transformers: builds every bundled
# preset on the "meta" device (no memory, no weights) and compares model.parameters() with
# `llmsize models --json`. Also measures the CUDA context on the GPU it runs on.
# Needs torch + transformers (not llmsize dependencies). Usage, from the repo root:
#   mkdir -p devcheck && build/llmsize models --json > devcheck/llmsize_models.json
#   python3 -c "import json; d=json.load(open('data/models.json')); json.dump({m['name']: m['config'] for m in d['models']}, open('devcheck/configs.json', 'w'))"
#   OUT=. python3 scripts/crosscheck_transformers.py
import json, os, sys, time, subprocess
out = os.environ.get("OUT", "/tmp")
log = open(os.path.join(out, "report.txt"), "w")
def say(*a):
    print(*a); print(*a, file=log); log.flush()
say(subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv"], capture_output=True, text=True).stdout)
import torch, transformers
say("torch", torch.__version__, "transformers", transformers.__version__)
# CUDA context and first-kernel overhead on this GPU.
free0, total = torch.cuda.mem_get_info()
x = torch.randn(4096, 4096, device="cuda", dtype=torch.bfloat16); y = x @ x; torch.cuda.synchronize()
free1, _ = torch.cuda.mem_get_info()
say(f"total {total} B ({total/2**20:.0f} MiB); used after context {total-free0} B; after bf16 matmul {total-free1} B; torch reserved {torch.cuda.memory_reserved()} B")
del x, y
ours = {m["name"]: m for m in json.load(open("devcheck/llmsize_models.json"))["models"]}
configs = json.load(open("devcheck/configs.json"))
from transformers import AutoConfig, AutoModelForCausalLM
results = {}
for name, cfg in configs.items():
    cfg = dict(cfg)
    cfg.pop("quantization_config", None); cfg.pop("auto_map", None)
    mt = cfg.pop("model_type")
    if mt in ("RefinedWeb", "RefinedWebModel"): mt = "falcon"
    if mt == "jamba": cfg["use_mamba_kernels"] = False
    t0 = time.time()
    try:
        conf = AutoConfig.for_model(mt, **cfg)
        with torch.device("meta"):
            if mt == "t5":
                model = transformers.T5ForConditionalGeneration(conf)
            elif mt == "gemma3":
                model = transformers.Gemma3ForConditionalGeneration(conf)
            else:
                model = AutoModelForCausalLM.from_config(conf)
        count = sum(p.numel() for p in model.parameters())
        results[name] = count
        mine = ours[name]["parameters"]
        say(f"{name:20s} transformers {count:>16,d}  llmsize {mine:>16,d}  {'OK' if count == mine else 'DIFF %+d' % (mine - count)}  ({time.time()-t0:.1f}s)")
        del model
    except Exception as e:
        say(f"{name:20s} ERROR {type(e).__name__}: {str(e)[:300]}")
json.dump(results, open(os.path.join(out, "counts.json"), "w"), indent=1)
