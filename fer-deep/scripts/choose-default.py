#!/usr/bin/env python3
# fer-deep/scripts/choose-default.py: writes results/default-model.txt, the shipped model, after `fer evaluate --tta auto`
# of each candidate (run from the repository root).
# Picks the shipped model by val accuracy only (PublicTest is never looked at), from the --tta auto evaluations.
import json
cands = {"results/cnn-xception-ft/model.zip": "results/cnn-xception-ft-tta/metrics.json",
         "results/cnn-inception/model.zip": "results/cnn-inception-tta/metrics.json"}
best = None
import os, sys
for model, mf in cands.items():
    if not os.path.exists(mf):
        sys.exit(f"choose-default: {mf} is missing: run `fer evaluate --model {model} --data data/processed --out {os.path.dirname(mf)} --tta auto` first")
    m = json.load(open(mf))
    t = m["test_time_augmentation"]
    val = m["splits"]["val"]["accuracy"]
    print(f"{model}: val {100*val:.2f} % with tta={t['mode']} (none {100*t['val_accuracy_none']:.2f}, flip {100*t['val_accuracy_flip']:.2f})")
    if best is None or val > best[1]:
        best = (model, val, t["mode"])
with open("results/default-model.txt", "w") as f:
    f.write(f"{best[0]}\n")
    if best[2] != "none":
        f.write(f"tta={best[2]}\n")
print("default:", best)
