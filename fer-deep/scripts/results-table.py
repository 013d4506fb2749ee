#!/usr/bin/env python3
# fer-deep/scripts/results-table.py: prints the "current rows" table of fer-deep/README.md from results/*/metrics.json
# (run from the repository root), so the module README quotes no number by hand. The root README's full table, every
# row ever committed, is written the same way by `fer report --readme README.md`.
import json, os, sys

# (results folder, label): the newest row of each network; older rows stay in the root README's table
ROWS = [
    ("cnn-xception-wide-ls-refit", "the default's training run refit on train + val (`fer train --refit`; shipped since session 16)"),
    ("cnn-xception-wide-ls-pbn", "the row below with precise batch norm (val's choice since session 15; shipped in session 15)"),
    ("cnn-xception-wide-ls", "xception-wide continued with label smoothing (the shipped default in sessions 13-14)"),
    ("cnn-xception-wide-ls-erase", "xception-wide continued with label smoothing + random erasing"),
    ("cnn-xception-wide-ls-erase-s11", "the same recipe, seed 11 (time-boxed, 35 + 18 min)"),
    ("cnn-xception-wide-ls-erase-s11-pbn", "seed 11 with precise batch norm (`fer soup --reestimate-bn --bn-augment`, session 14)"),
    ("cnn-xception-wide-anneal", "the erasing run (seed 42) continued 32 min without erasing (session 14)"),
    ("cnn-xception-wide-kd", "the session-13 default continued towards session 14's ensemble (distillation, session 15)"),
    ("cnn-xception-wide-relu", "mini-Xception twice as wide, with its ReLUs (shipped default in session 11)"),
    ("cnn-xception-relu", "mini-Xception with its ReLUs"),
    ("cnn-simple-fcbn", "Simple CNN, dense layer batch-normalised (shipped default in session 12)"),
    ("cnn-hybrid-fcbn", "Hybrid (face + landmarks/HOG), image-branch dense layer batch-normalised"),
    ("cnn-inception", "Inception (trained before session 10: stem batch norms without ReLU)"),
    ("cnn-dexpression", "DeXpression (time-boxed)"),
    ("ensemble", "Ensemble chosen on val (`fer ensemble`; not a default candidate)"),
    ("keras-peer-mini-xception", "Peer: published Keras mini-Xception via import (trained on our val faces, checkpoint picked on the test rows: comparison only)"),
]


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def pct(x):
    return "—" if x is None else "%.2f %%" % (100 * x)


def acc(m, split):
    s = (m or {}).get("splits", {}).get(split)
    return None if s is None else s["accuracy"]


print("| model | val | PublicTest | TTA chosen on val | val, TTA | PublicTest, TTA | training |")
print("|---|---|---|---|---|---|---|")
for d, label in ROWS:
    m = load("results/%s/metrics.json" % d)
    if m is None:
        print("%s: results/%s/metrics.json is missing" % (sys.argv[0], d), file=sys.stderr)
        continue
    t = load("results/%s-tta/metrics.json" % d)
    mode = t["test_time_augmentation"]["mode"] if t else "—"
    if t and "chosen_on" not in t["test_time_augmentation"]:
        mode += " (its source's val choice)"  # a refit: no val of its own to choose on
    tr = m.get("training")
    how = ("%d epochs (best %d), %.1f h of training, %d img/s mean; stopped by %s" % (
        tr["epochs_run"], tr["best_epoch"], tr["train_seconds"] / 3600, tr["mean_train_img_s"], tr["stop_reason"].split(";")[0])
           if tr else "—")
    print("| %s, [`results/%s`](../results/%s/README.md) | %s | **%s** | %s | %s | %s | %s |" % (
        label, d, d, pct(acc(m, "val")), pct(acc(m, "public_test")), mode, pct(acc(t, "val")), pct(acc(t, "public_test")), how))
