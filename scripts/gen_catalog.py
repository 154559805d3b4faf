#!/usr/bin/env python3
"""Regenerates data/instances.json from the researched reference ../shared/reference/instances.json.

Run by hand when the reference changes; the build never runs it (no Python at build or run time).
Hardware figures (accelerator, memory, vCPUs, host memory, interconnect) come from the EC2 row of
the same instance; the price is the SageMaker real-time on-demand price of the ml.* row, and the
EC2 row's on-demand price is kept beside it (--pricing ec2).

The reference is read-only and its SageMaker prices predate the June-2025 P-family cut, so
SAGEMAKER_PRICES below replaces them with the audited 2026-09 values, and EXTRA_INSTANCES adds the
types SageMaker hosts today that the reference lacks. Each carries its source and date; the
sources are ../shared/reference/catalog-audit.md's [L2], [L3], [E] and [A].
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

# The sources, quoted once as citations a reader can follow (URLs, repositories and commits),
# never research notes: ../shared/reference/catalog-audit.md section 7 has the full record.
SAGEMAKER_PRICING = "https://aws.amazon.com/sagemaker/pricing/"
L2 = ("SageMaker us-east-1 list prices read 2026-09-27 in an unattributed public SageMaker cost "
      "analyzer (low confidence; check " + SAGEMAKER_PRICING + "); hosting-specific values agree "
      "where known: https://github.com/aws-samples/foundation-model-benchmarking-tool/blob/f92381d/"
      "fmbench/configs/pricing.yml for g4dn/g5/g6/inf2, and the AWS Price List offer file "
      "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/current/us-east-1/"
      "index.json (publicationDate 2026-09-20) gives USE1-Host:ml.g6e.2xlarge 2.8026")
L1 = ("AWS Price List offer file https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
      "AmazonSageMaker/current/us-east-1/index.json (publicationDate 2026-09-20), usagetype "
      "USE1-Host:ml.g6e.2xlarge")
L3_G7E = ("AWS Price List API, AmazonSageMaker, us-west-2, effective 2026-09-01 (Studio list): "
          "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/current/"
          "us-west-2/index.json; equals 1.25 x the EC2 price, the ratio SageMaker hosting uses for "
          "the G families (ml.g6e.2xlarge host 2.8026 = 1.25 x 2.24208)")
E_2026_08 = ("https://github.com/tsaol/aws-gpu/tree/299375be/data (from https://instances.vantage.sh, "
             "'Last updated: 2026-08-26'); EC2 Linux on-demand, us-east-1")
E_G7E_DERIVED = (E_2026_08 + "; 2xlarge 3.36312 and 48xlarge 33.14432 read there, the sizes "
                 "between derived as the SageMaker list price / 1.25 (the ratio both ends show)")
SAGEMAKER_HOSTING = ("https://github.com/aws/aws-sdk-go-v2/blob/0016334/service/sagemaker/"
                     "CHANGELOG.md")
G7E_HARDWARE = ("ml.g7e.* (RTX PRO 6000 Blackwell Server, 96 GB GDDR7, nvidia-smi 97887 MiB; PCIe): "
                "vCPU/RAM from https://github.com/tsaol/aws-gpu/blob/299375be/data/g7e_instances.js "
                "(instances.vantage.sh, 2026-08-26); SageMaker hosting since 2026-03-03 ("
                + SAGEMAKER_HOSTING + ")")
P5_4XL_HARDWARE = ("https://github.com/tsaol/aws-gpu/tree/77fcd9f/data p5 row p5.4xlarge "
                   "(instances.vantage.sh, 2026-01-21); SageMaker hosting since 2025-09-05 ("
                   + SAGEMAKER_HOSTING + ")")
B300_HARDWARE = ("ml.p6-b300.48xlarge, 8 x B300, 192 vCPU / 4 TiB, NVLink5: "
                 "https://github.com/tsaol/aws-gpu/blob/299375be/data/p6_family_all.js; SageMaker "
                 "inference endpoints since 2026-03-03 (" + SAGEMAKER_HOSTING + "); usable memory "
                 "262,260 MiB = the 275 GB per GPU a TensorRT-LLM test log reports on 8 x "
                 "'NVIDIA B300 SXM6 AC' (vantage lists 262 GB), an estimate: no nvidia-smi "
                 "memory.total seen; marketed 288 GB HBM3e")
RESERVED = ("reserved capacity only: the SageMaker API's ReservedCapacityOffering instance types, "
            "https://docs.aws.amazon.com/sagemaker/latest/APIReference/"
            "API_ReservedCapacityOffering.html, and the AWS ML blog 'Deploy SageMaker AI inference "
            "endpoints with set GPU capacity using training plans'")
NO_PRICE = "no published SageMaker on-demand price: " + SAGEMAKER_PRICING

# SageMaker real-time inference, on-demand, us-east-1: (price or None, date, source, note).
SAGEMAKER_PRICES = {}
for name in ["g4dn.xlarge", "g4dn.2xlarge", "g4dn.4xlarge", "g4dn.8xlarge", "g4dn.16xlarge",
             "g4dn.12xlarge", "g5.xlarge", "g5.2xlarge", "g5.4xlarge", "g5.8xlarge", "g5.16xlarge",
             "g5.12xlarge", "g5.24xlarge", "g5.48xlarge", "g6.xlarge", "g6.2xlarge", "g6.4xlarge",
             "g6.8xlarge", "g6.16xlarge", "g6.12xlarge", "g6.24xlarge", "g6.48xlarge",
             "g6e.xlarge", "g6e.2xlarge", "g6e.4xlarge", "g6e.8xlarge", "g6e.12xlarge",
             "g6e.24xlarge", "g6e.48xlarge", "inf2.xlarge", "inf2.8xlarge", "inf2.24xlarge",
             "inf2.48xlarge"]:
    SAGEMAKER_PRICES[name] = ("keep", "2026-09-27", L2, "")  # the reference's value, re-dated
SAGEMAKER_PRICES.update({
    # The June-2025 P-family cut (113.068 and 37.688 before it).
    "p5.48xlarge": (63.296, "2026-09-27", L2, ""),
    "p4d.24xlarge": (25.2513, "2026-09-27", L2, ""),
    "p4de.24xlarge": (31.5641, "2026-09-27", L2, ""),
    "g6e.16xlarge": (9.47, "2026-09-27", L2, ""),
    "g6e.2xlarge": (2.8026, "2026-09-20", L1, ""),
    "trn1.2xlarge": (1.54, "2026-09-27", L2, ""),
    # 28.497 in the reference is 1.15 x the trn1n price; the 2026-09 list gives 24.73.
    "trn1.32xlarge": (24.73, "2026-09-27", L2, ""),
    "p5e.48xlarge": (None, None, RESERVED,
                     "reserved capacity only (Capacity Blocks, SageMaker training plans): no "
                     "on-demand rate"),
    "p5en.48xlarge": (None, None, NO_PRICE,
                      "no published SageMaker price; about 72.79 if SageMaker's 1.15 x EC2 holds "
                      "(an estimate, not used for ranking)"),
    "p6-b200.48xlarge": (None, None, NO_PRICE,
                         "no published SageMaker price; about 131.02 if SageMaker's 1.15 x EC2 "
                         "holds (an estimate, not used for ranking)"),
})

# Types SageMaker hosts that the reference lacks: (hardware, SageMaker price, EC2 price).
def g7e(size, count, vcpus, host_gib, sagemaker, ec2):
    return {"name": f"ml.g7e.{size}", "accelerator": "RTX PRO 6000", "accelerator_count": count,
            "accelerator_memory_gb_marketed": 96, "accelerator_memory_mib_usable": 97887,
            "vcpus": vcpus, "host_memory_gib": host_gib,
            "interconnect": "PCIe (no NVLink)" if count > 1 else "single GPU",
            "price": (sagemaker, "us-west-2", "2026-09-01", L3_G7E, ""),
            "ec2": (ec2, "2026-08-26", E_G7E_DERIVED if size not in ("2xlarge", "48xlarge")
                    else E_2026_08),
            "source": G7E_HARDWARE}

EXTRA_INSTANCES = [
    g7e("2xlarge", 1, 8, 64, 4.2039, 3.36312),
    g7e("4xlarge", 1, 16, 128, 4.9977, 3.99816),
    g7e("8xlarge", 1, 32, 256, 6.5853, 5.26824),
    g7e("12xlarge", 2, 48, 512, 10.3576, 8.28608),
    g7e("24xlarge", 4, 96, 1024, 20.7152, 16.57216),
    g7e("48xlarge", 8, 192, 2048, 41.4304, 33.14432),
    {"name": "ml.p5.4xlarge", "accelerator": "H100-80GB", "accelerator_count": 1,
     "accelerator_memory_gb_marketed": 80, "accelerator_memory_mib_usable": 81559,
     "vcpus": 16, "host_memory_gib": 256, "interconnect": "single GPU",
     "price": (7.912, "us-east-1", "2026-09-27", L2, ""),
     "ec2": (6.88, "2026-01-21", None),
     "source": P5_4XL_HARDWARE},
    {"name": "ml.p6-b300.48xlarge", "accelerator": "B300", "accelerator_count": 8,
     "accelerator_memory_gb_marketed": 288, "accelerator_memory_mib_usable": 262260,
     "vcpus": 192, "host_memory_gib": 4096,
     "interconnect": "NVSwitch (NVLink5, 1800 GB/s/GPU)",
     "price": (None, None, None, NO_PRICE,
               "no published SageMaker price; about 163.8 if SageMaker's 1.15 x EC2 holds (an "
               "estimate, not used for ranking)"),
     "ec2": (142.416, "2026-08-26", E_2026_08),
     "source": B300_HARDWARE},
]

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


def ec2_citation(source):
    if source.startswith("tsaol/aws-gpu"):
        return ("https://github.com/tsaol/aws-gpu/tree/77fcd9f/data (<family>_instances.js, from "
                "https://instances.vantage.sh, 2026-01-21); EC2 Linux on-demand, us-east-1")
    if "p5e_instances.js" in source:
        return ("no public on-demand price (Capacity Blocks only): "
                "https://github.com/tsaol/aws-gpu/blob/77fcd9f/data/p5e_instances.js")
    return source


def runtime_of(ec2_name):
    return "neuron" if ec2_name in NEURON_CORES else "cuda"


instances = []
for r in rows:
    if r["cloud"] != "aws-sagemaker":
        continue
    ec2_name = r["name"].removeprefix("ml.")
    hw = ec2[ec2_name]
    price = r["price_usd_hour_ondemand"]
    region = r["price_region"]
    source = r["price_source"]
    date = r.get("price_date")
    note = ""
    if "Ohio" in source:
        region = "us-east-2"
    if ec2_name.startswith("p3."):
        # Not in the 2026-09 lists (catalog-audit.md rows 31-33); absent from the us-west-2 list.
        note = ("not in the 2026-09 SageMaker price lists: "
                "unverified" + ("" if date else ", undated"))
    source = price_citation(source)
    if ec2_name in SAGEMAKER_PRICES:
        override, date, source, note = SAGEMAKER_PRICES[ec2_name]
        if override != "keep":
            price = override
        region = "us-east-1"
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
        "runtime": runtime_of(ec2_name),
        **({"neuron_cores": NEURON_CORES[ec2_name]} if ec2_name in NEURON_CORES else {}),
        "price_usd_per_hour": price,
        "price_kind": "SageMaker real-time inference, on-demand",
        "price_region": region if price is not None else None,
        "price_date": date if price is not None else None,
        "price_source": source,
        **({"price_note": note} if note else {}),
        "ec2_price_usd_per_hour": hw["price_usd_hour_ondemand"],
        "ec2_price_region": hw["price_region"] if hw["price_usd_hour_ondemand"] is not None else None,
        "ec2_price_date": hw["price_date"] if hw["price_usd_hour_ondemand"] is not None else None,
        "ec2_price_source": ec2_citation(hw["price_source"]),
        "source": HARDWARE_SOURCE,
    }
    instances.append(entry)

for extra in EXTRA_INSTANCES:
    ec2_name = extra["name"].removeprefix("ml.")
    price, region, date, source, note = extra["price"]
    ec2_price, ec2_date, ec2_source = extra["ec2"]
    if ec2_source is None:
        ec2_source = ec2_citation(ec2[ec2_name]["price_source"])
    instances.append({
        "name": extra["name"],
        "aliases": [ec2_name],
        "family": ec2_name.split(".")[0],
        **{k: extra[k] for k in ("accelerator", "accelerator_count",
                                 "accelerator_memory_gb_marketed", "accelerator_memory_mib_usable",
                                 "vcpus", "host_memory_gib", "interconnect")},
        "runtime": "cuda",
        "price_usd_per_hour": price,
        "price_kind": "SageMaker real-time inference, on-demand",
        "price_region": region,
        "price_date": date,
        "price_source": source,
        **({"price_note": note} if note else {}),
        "ec2_price_usd_per_hour": ec2_price,
        "ec2_price_region": "us-east-1",
        "ec2_price_date": ec2_date,
        "ec2_price_source": ec2_source,
        "source": extra["source"],
    })

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
    entry["ec2_price_source"] = source_key(entry["ec2_price_source"], "price-")

document = {
    "schema_version": 1,
    "description": "AWS SageMaker real-time inference instances with accelerators",
    "generated_from": "../shared/reference/instances.json by scripts/gen_catalog.py",
    "researched": "2026-11; prices refreshed 2026-12",
    "instances": instances,
    "sources": sources,
}
out = here.parent / "data/instances.json"
out.write_text(json.dumps(document, indent=1) + "\n")
print(f"wrote {len(instances)} instances to {out}")
