#!/usr/bin/python3
"""Writes fixtures/clip-encoder-tiny.pt: a tiny TorchScript clip encoder for the tests of the
TorchScript feature extractor. It stands in for a real network such as S3D: input one clip as a
float tensor [frames, 3, H, W] in 0..1, output one 24-d vector (16 appearance features from a small
convolution, 8 motion features from frame differences). Seeded weights, so the file is reproducible
for a given PyTorch. Needs Debian's python3-torch (apt-get install python3-torch).
"""
import os
import torch


class TinyClipEncoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, kernel_size=3, stride=2)
        self.appearance = torch.nn.Linear(8, 16)
        self.motion = torch.nn.Linear(3, 8)

    def forward(self, clip: torch.Tensor) -> torch.Tensor:
        features = torch.relu(self.conv(clip)).mean(dim=(0, 2, 3))
        if clip.shape[0] > 1:
            change = (clip[1:] - clip[:-1]).abs().mean(dim=(0, 2, 3))
        else:
            change = torch.zeros(3)
        return torch.cat([self.appearance(features), self.motion(change)])


if __name__ == "__main__":
    torch.manual_seed(0)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "fixtures", "clip-encoder-tiny.pt")
    torch.jit.script(TinyClipEncoder().eval()).save(out)
    print("wrote", out, os.path.getsize(out), "bytes")
