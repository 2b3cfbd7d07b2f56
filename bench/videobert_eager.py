"""VideoBERT pretraining steps in PyTorch eager: the reference for mmstream's DJL trainer.

Reads the batches `TrainingThroughput export` wrote (see bench/videobert-eager.sh) and trains the
same architecture on them: token, position and type embeddings with LayerNorm and dropout; post-norm
encoder layers (multi-head attention with Q, K, V and output projections, GELU feed-forward); the
masked-token head (dense, GELU, LayerNorm, scores over the whole vocabulary) at the masked positions
only; the alignment head on [CLS] (tanh pooler, two classes); masked-token loss plus the alignment
loss of segments with both sides; Adam (lr 1e-4, eps 1e-6). A warm-up round, then the measured
round, each over half the batches. Prints the measured round's tokens/s.

    /usr/bin/python3 bench/videobert_eager.py BATCHES_FILE [THREADS]
"""
import math
import sys
import time

import numpy as np
import torch
from torch import nn


def read_batches(path):
    data = np.fromfile(path, dtype="<i4")
    text, visual, layers, hidden, heads, intermediate, max_length, dropout_milli, count = data[:9]
    config = dict(vocab=int(text + 1 + visual), layers=int(layers), hidden=int(hidden), heads=int(heads),
                  intermediate=int(intermediate), max_length=int(max_length), dropout=dropout_milli / 1000.0)
    at = 9
    batches = []
    for _ in range(count):
        b, t, m = (int(v) for v in data[at:at + 3])
        at += 3
        parts = []
        for n in (b * t, b * t, b * t, m, m, b, b):
            parts.append(data[at:at + n])
            at += n
        ids, types, real, positions, labels, aligned, weights = parts
        batches.append(dict(ids=ids.reshape(b, t), types=types.reshape(b, t), real=real.reshape(b, t),
                            positions=positions, labels=labels, aligned=aligned, weights=weights))
    return config, batches


class Attention(nn.Module):
    def __init__(self, hidden, heads, dropout):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.result = nn.Linear(hidden, hidden)
        self.dropout = nn.Dropout(dropout)

    def split(self, x):
        b, t, h = x.shape
        return x.view(b, t, self.heads, h // self.heads).transpose(1, 2)

    def forward(self, x, mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
        scores = scores + (1.0 - mask[:, None, None, :]) * -100000.0
        probs = self.dropout(scores.softmax(-1))
        out = (probs @ v).transpose(1, 2).reshape(x.shape)
        return self.result(out)


class EncoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c["hidden"], c["heads"], c["dropout"])
        self.attention_dropout = nn.Dropout(c["dropout"])
        self.attention_norm = nn.LayerNorm(c["hidden"])
        self.expand = nn.Linear(c["hidden"], c["intermediate"])
        self.contract = nn.Linear(c["intermediate"], c["hidden"])
        self.output_dropout = nn.Dropout(c["dropout"])
        self.output_norm = nn.LayerNorm(c["hidden"])

    def forward(self, x, mask):
        h = self.attention_norm(x + self.attention_dropout(self.attention(x, mask)))
        ff = self.output_dropout(self.contract(nn.functional.gelu(self.expand(h))))
        return self.output_norm(h + ff)


class VideoBertPretraining(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.tokens = nn.Parameter(torch.randn(c["vocab"], c["hidden"]) * 0.02)
        self.positions = nn.Parameter(torch.randn(c["max_length"], c["hidden"]) * 0.02)
        self.types = nn.Parameter(torch.randn(2, c["hidden"]) * 0.02)
        self.norm = nn.LayerNorm(c["hidden"])
        self.dropout = nn.Dropout(c["dropout"])
        self.layers = nn.ModuleList(EncoderLayer(c) for _ in range(c["layers"]))
        self.transform = nn.Linear(c["hidden"], c["hidden"])
        self.head_norm = nn.LayerNorm(c["hidden"])
        self.scores = nn.Linear(c["hidden"], c["vocab"])
        self.pooler = nn.Linear(c["hidden"], c["hidden"])
        self.classifier = nn.Linear(c["hidden"], 2)
        self.hidden = c["hidden"]

    def forward(self, ids, types, real, positions):
        t = ids.shape[1]
        x = self.tokens[ids] + self.positions[:t][None] + self.types[types]
        x = self.dropout(self.norm(x))
        for layer in self.layers:
            x = layer(x, real)
        rows = x.reshape(-1, self.hidden)[positions]
        token_logits = self.scores(self.head_norm(nn.functional.gelu(self.transform(rows))))
        align_logits = self.classifier(torch.tanh(self.pooler(x[:, 0, :])))
        return token_logits, align_logits


def step(model, optimizer, batch):
    ids = torch.from_numpy(batch["ids"]).long()
    types = torch.from_numpy(batch["types"]).long()
    real = torch.from_numpy(batch["real"]).float()
    positions = torch.from_numpy(batch["positions"]).long()
    labels = torch.from_numpy(batch["labels"]).long()
    aligned = torch.from_numpy(batch["aligned"]).long()
    weights = torch.from_numpy(batch["weights"]).float()
    token_logits, align_logits = model(ids, types, real, positions)
    masked = nn.functional.cross_entropy(token_logits, labels)
    per_segment = nn.functional.cross_entropy(align_logits, aligned, reduction="none")
    align = (per_segment * weights).sum() / weights.sum().clamp(min=1.0)
    loss = masked + align
    if not torch.isfinite(loss):
        raise SystemExit("loss %s" % loss.item())
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return int(batch["real"].sum())


def main():
    path = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(7)
    config, batches = read_batches(path)
    model = VideoBertPretraining(config)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, eps=1e-6)
    half = len(batches) // 2
    for name, part in (("warm-up", batches[:half]), ("measured", batches[half:])):
        tokens = 0
        start = time.perf_counter()
        for batch in part:
            tokens += step(model, optimizer, batch)
        seconds = time.perf_counter() - start
        print("%s: PyTorch eager %.0f tokens/s (%d tokens in %.2f s)" % (name, tokens / seconds, tokens, seconds), flush=True)
    print("torch %s, %d threads, BLAS: %s" % (torch.__version__, torch.get_num_threads(), blas()))


def blas():
    """The BLAS library this process loaded (Debian's torch calls whichever libblas.so.3 points to)."""
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1] for line in maps if "blas" in line.lower()}
    return ", ".join(sorted(names)) or "none found"


if __name__ == "__main__":
    main()
