#!/usr/bin/env python3
"""Regenerates data/instances.json from the researched reference ../shared/reference/instances.json.

Run by hand when the reference changes; the build never runs it (no Python at build or run time).
Hardware figures (accelerator, memory, vCPUs, host memory, interconnect) come from the EC2 row of
the same instance; the price is the SageMaker real-time on-demand price of the ml.* row.
"""
import json
import pathlib
import sys

here = pathlib.Path(__file__).resolve().parent
reference = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else here.parent.parent / "shared/reference/instances.json")
rows = json.loads(reference.read_text())
ec2 = {r["name"]: r for r in rows if r["cloud"] == "aws"}

# NeuronCores per instance (instances.md notes on inf2/trn1, from the Neuron architecture docs [N1][N2]).
NEURON_CORES = {"inf2.xlarge": 2, "inf2.8xlarge": 2, "inf2.24xlarge": 12, "inf2.48xlarge": 24,
                "trn1.2xlarge": 2, "trn1.32xlarge": 32}

HARDWARE_SOURCE = ("https://instances.vantage.sh (EC2 hardware figures, 2026-01-21, as collected in "
                   "https://github.com/tsaol/aws-gpu/tree/HEAD/data, <family>_instances.js); usable "
                   "memory is nvidia-smi's memory.total (docs/catalog.md)")

# The reference's price sources as citations a reader can follow (URLs), never research notes.
PRICE_CITATIONS = {
    "fmbench": "https://github.com/aws-samples/foundation-model-benchmarking-tool/blob/HEAD/fmbench/"
               "configs/pricing.yml (last changed 2025-01-26)",
    "ZindiAfrica": "https://github.com/ZindiAfrica/AI-for-Equity-Challenges-Getting-Started-with-AWS-"
                   "Resources/blob/HEAD/sagemaker_instance_pricing.md (US East Ohio, undated)",
    "goerlitz": "https://github.com/goerlitz/nlp-classification/blob/HEAD/notebooks/10kGNAD/sagemaker/"
                "README.md (undated, copied from https://aws.amazon.com/sagemaker/pricing/)",
}


def price_citation(source):
    for marker, citation in PRICE_CITATIONS.items():
        if marker in source:
            if "PRE-June-2025" in source:
                return citation + "; a price from before June 2025, likely stale"
            return citation
    if "unattributed" in source:
        return ("no followable source: an unattributed public listing of SageMaker real-time "
                "rates (low confidence); check https://aws.amazon.com/sagemaker/pricing/")
    return "no price source found; see https://aws.amazon.com/sagemaker/pricing/"


instances = []
for r in rows:
    if r["cloud"] != "aws-sagemaker":
        continue
    ec2_name = r["name"].removeprefix("ml.")
    hw = ec2[ec2_name]
    price = r["price_usd_hour_ondemand"]
    region = r["price_region"]
    source = r["price_source"]
    if "Ohio" in source:
        region = "us-east-2"
    entry = {
        "name": r["name"],
        "aliases": [ec2_name],
        "family": ec2_name.split(".")[0],
        "accelerator": hw["accelerator"],
        "accelerator_count": hw["accelerator_count"],
        # The reference's "gib_marketed" column holds the vendor's decimal GB (24 for an A10G).
        "accelerator_memory_gb_marketed": hw["accelerator_memory_gib_marketed"],
        "accelerator_memory_mib_usable": hw["accelerator_memory_mib_usable"],
        "vcpus": hw["vcpus"],
        "host_memory_gib": hw["memory_gib"],
        "interconnect": hw["interconnect"],
        **({"neuron_cores": NEURON_CORES[ec2_name]} if ec2_name in NEURON_CORES else {}),
        "price_usd_per_hour": price,
        "price_kind": "SageMaker real-time inference, on-demand",
        "price_region": region if price is not None else None,
        "price_date": r.get("price_date"),
        "price_source": price_citation(source),
        "ec2_price_usd_per_hour": hw["price_usd_hour_ondemand"],
        "ec2_price_date": hw["price_date"],
        "source": HARDWARE_SOURCE,
    }
    instances.append(entry)

# Long source citations are stored once, in "sources", and entries refer to them by key.
sources = {}
def source_key(text, prefix):
    for key, value in sources.items():
        if value == text:
            return key
    key = f"{prefix}{sum(1 for k in sources if k.startswith(prefix)) + 1}"
    sources[key] = text
    return key

for entry in instances:
    entry["source"] = source_key(entry["source"], "hardware-")
    entry["price_source"] = source_key(entry["price_source"], "price-")

document = {
    "schema_version": 1,
    "description": "AWS SageMaker real-time inference instances with accelerators",
    "generated_from": "../shared/reference/instances.json by tools/gen_catalog.py",
    "researched": "2026-11",
    "instances": instances,
    "sources": sources,
}
out = here.parent / "data/instances.json"
out.write_text(json.dumps(document, indent=1) + "\n")
print(f"wrote {len(instances)} instances to {out}")
