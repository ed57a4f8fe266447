#!/usr/bin/env python3
"""A ParamScope example: a Hugging Face `Trainer` fine-tuning a causal language model with PEFT LoRA.

Written as a user's own script would be, with nothing ParamScope-specific in it: its flags are read
by `HfArgumentParser` (`--learning_rate 2e-4` or `--learning_rate=2e-4`), and ParamScope reads its
metrics from what the Trainer already prints every `logging_steps` and from the
`trainer_state.json` it saves. Install its requirements first:

    python3 -m pip install -r requirements.txt

By default it builds a tiny randomly initialised GPT-2 with a character vocabulary, so it needs no
download and runs on a CPU in seconds; pass `--model_name_or_path gpt2` (or any causal LM on the
Hub or on disk) to fine-tune a real model on the same text.
"""
from dataclasses import dataclass, field
from typing import Optional

import torch
from peft import LoraConfig, get_peft_model
from torch.utils.data import Dataset
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    GPT2Config,
    GPT2LMHeadModel,
    HfArgumentParser,
    Trainer,
    TrainingArguments,
    set_seed,
)

TEXT = [
    "the cat sat on the mat.",
    "the dog ran in the park.",
    "a bird sang in the tree.",
    "the fish swam in the pond.",
    "a cow ate the green grass.",
    "the sun rose over the hill.",
] * 20


@dataclass
class ScriptArguments:
    model_name_or_path: Optional[str] = field(default=None, metadata={"help": "A causal LM to fine-tune; none: a tiny random GPT-2."})
    lora_r: int = field(default=8, metadata={"help": "LoRA rank."})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA scaling numerator (alpha / r scales the update)."})
    lora_dropout: float = field(default=0.05, metadata={"help": "Dropout on the LoRA branch."})
    block_size: int = field(default=32, metadata={"help": "Tokens per training example."})


class CharTokenizer:
    """A character vocabulary for the tiny model: no tokenizer download."""

    def __init__(self, text):
        self.chars = sorted(set("".join(text)))
        self.index = {c: i + 1 for i, c in enumerate(self.chars)}  # 0 is padding

    def encode(self, s):
        return [self.index[c] for c in s]

    def __len__(self):
        return len(self.chars) + 1


class Blocks(Dataset):
    def __init__(self, ids, block_size):
        self.items = [ids[i:i + block_size] for i in range(0, len(ids) - block_size, block_size)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        x = torch.tensor(self.items[i], dtype=torch.long)
        return {"input_ids": x, "attention_mask": torch.ones_like(x), "labels": x.clone()}


def main():
    parser = HfArgumentParser((ScriptArguments, TrainingArguments))
    script, training = parser.parse_args_into_dataclasses()
    set_seed(training.seed)

    text = " ".join(TEXT)
    if script.model_name_or_path:
        tokenizer = AutoTokenizer.from_pretrained(script.model_name_or_path)
        ids = tokenizer(text)["input_ids"]
        model = AutoModelForCausalLM.from_pretrained(script.model_name_or_path)
        targets = None  # PEFT knows the attention projections of common architectures
    else:
        tokenizer = CharTokenizer(TEXT)
        ids = tokenizer.encode(text)
        model = GPT2LMHeadModel(GPT2Config(vocab_size=len(tokenizer), n_positions=script.block_size, n_embd=64, n_layer=2, n_head=2, bos_token_id=0, eos_token_id=0))
        targets = ["c_attn", "c_proj", "c_fc"]  # attention and MLP of every block

    model = get_peft_model(
        model,
        LoraConfig(task_type="CAUSAL_LM", r=script.lora_r, lora_alpha=script.lora_alpha, lora_dropout=script.lora_dropout, target_modules=targets),
    )
    model.print_trainable_parameters()

    split = int(len(ids) * 0.9)
    trainer = Trainer(
        model=model,
        args=training,
        train_dataset=Blocks(ids[:split], script.block_size),
        eval_dataset=Blocks(ids[split:], script.block_size),
    )
    trainer.train()
    trainer.save_state()  # output_dir/trainer_state.json, with the whole log_history


if __name__ == "__main__":
    main()
