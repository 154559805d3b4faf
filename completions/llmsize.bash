# bash completion for llmsize                                   -*- shell-script -*-
_llmsize() {
    local cur prev words cword
    _init_completion || return
    case $prev in
        --config) _filedir; [[ -z $cur ]] && COMPREPLY+=(-); return ;;
        --gguf) _filedir gguf; return ;;
        --catalog) _filedir json; return ;;
        --model)
            COMPREPLY=($(compgen -W "$(llmsize models 2>/dev/null | awk 'NR > 1 && NF { print $1 } !NF { exit }')" -- "$cur"))
            return ;;
        --dtype) COMPREPLY=($(compgen -W 'fp32 fp16 bf16 fp8 int8 int4' -- "$cur")); return ;;
        --kv-dtype) COMPREPLY=($(compgen -W 'fp32 fp16 bf16 fp8 int8 q8_0 q4_0' -- "$cur")); return ;;
        --engine) COMPREPLY=($(compgen -W 'vllm sglang tgi trtllm lmi llamacpp neuron raw' -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W 'table json csv markdown' -- "$cur")); return ;;
        --gpu) COMPREPLY=($(compgen -W 'h100-80gb h200 b200 a100-40gb a100-80gb a10g l4 l40s t4 v100 v100-32gb rtx-pro-6000 b300' -- "$cur")); return ;;
        --family)
            COMPREPLY=($(compgen -W 'g4dn g5 g6 g6e g7e p3 p4d p4de p5 p5e p5en p6-b200 p6-b300 inf2 trn1' -- "$cur"))
            return ;;
        --instance)
            COMPREPLY=($(compgen -W "$(llmsize instances 2>/dev/null | awk 'NR > 1 && NF { print $1 } !NF { exit }')" -- "$cur"))
            return ;;
        --pricing) COMPREPLY=($(compgen -W 'sagemaker ec2' -- "$cur")); return ;;
        --from) _filedir; return ;;
        --params | --seq | --layers | --hidden | --heads | --kv-heads | --head-dim | --gpu-util | \
            --reserve | --tp | --batch | --gpus | --top | --engine-version | --max-num-seqs | \
            --max-num-batched-tokens | --block-size)
            return ;;
    esac
    local command="" word
    for word in "${words[@]:1:cword-1}"; do
        [[ $word == models || $word == instances || $word == fleet ]] && command=$word
    done
    case $command in
        models) COMPREPLY=($(compgen -W '--family --json --help' -- "$cur")); return ;;
        instances) COMPREPLY=($(compgen -W '--family --instance --catalog --json --help' -- "$cur")); return ;;
        fleet)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W '--from --presets --format --json --help --dtype --kv-dtype --seq --engine
                    --gpu-util --reserve --engine-version --max-num-seqs --max-num-batched-tokens
                    --block-size --offline --tp --batch --instance --family --catalog --gpu --gpus
                    --approximate --pricing --strict --allow-long-context' -- "$cur"))
            else
                _filedir
                COMPREPLY+=($(compgen -W "$(llmsize models 2>/dev/null | awk 'NR > 1 && NF { print $1 } !NF { exit }')" -- "$cur"))
            fi
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '--params --config --model --gguf --dtype --kv-dtype --seq --layers
            --hidden --heads --kv-heads --head-dim --engine --gpu-util --reserve --engine-version
            --max-num-seqs --max-num-batched-tokens --block-size --offline --tp --batch --instance
            --family --catalog --gpu --gpus --approximate --pricing --strict --allow-long-context
            --json --format --brief --top --all --ascii --help --version' -- "$cur"))
    else
        COMPREPLY=($(compgen -W 'models instances fleet' -- "$cur"))
    fi
} &&
    complete -F _llmsize llmsize
