#!/usr/bin/env bash
# Reproduces the CNN rows of results/ on the real processed FER2013 split the way they were produced: two
# single-threaded lanes side by side (on 2 cores, two 1-thread trainings beat one 2-thread training), from a frozen
# copy of the class path (rebuilding mid-run cannot change the running code), OMP_WAIT_POLICY=PASSIVE (busy-waiting
# OpenMP threads are ~10x slower on a shared 2-core box). Every run is resumable (exact: weights, Adam moments, LR,
# counters, RNG position): re-running the script continues each run from its checkpoint, and a run that already reached
# its epoch cap or early stop ends at once.
#   lane A: Inception (no class weights) -> mini-Xception (balanced class weights, early-stopped) -> mini-Xception
#           continued without class weights (--init-from) -> mini-Xception at twice the width (no class weights)
#   lane B: Simple CNN (balanced class weights) -> Simple CNN continued without class weights (--init-from) -> the
#           latter continued with the session-8 dropout fix (cnn-simple-fixed)
# Until session 8 (commit 82aa0d6) the Simple CNN's 0.5 dropout sat on the dense layer's input instead of after it: the
# committed cnn-simple, cnn-simple-ft and cnn-simple-ctl rows were trained that way, and this script, run with today's
# code, trains the fixed layout for them (another function). cnn-simple-ctl (the control of cnn-simple-fixed) needs the
# old layout: re-run its command (results/cnn-simple-ctl/README.md) from a checkout of commit 49892fb.
# The committed xception-wide row ran epochs 1-5 on one thread and 6-65 with --replicas 2 (sessions 5 and 6, both cores),
# epochs 1-3 before FastBatchNorm existed and 37-65 with its fused-pass version (results/cnn-xception-wide/README.md);
# a run of this script (one thread, today's FastBatchNorm throughout) computes the same function with other rounding
# and, for epochs 6-65, full-batch instead of half-batch batch norm. Session 6 stopped it by hand after epoch 65.
# Simple CNN rows from sessions 1-4 are NCHW; trained from scratch now they are NHWC (same function, other rounding).
# Since session 10 (commit 177f897) a network built from scratch has a ReLU layer after each "BN+ReLU" batch norm:
# DL4J M2.1's batch norm had silently ignored its ReLU, so every row this script lists was trained without them. Run
# with today's code, it trains the corrected layouts (another function); to retrain a committed row as it was, run this
# script from a checkout of 8a95d87 (the last commit before the fix). The corrected Simple CNN and mini-Xception of
# session 10 (results/cnn-simple-relu, results/cnn-xception-relu) are one command each, in the main README.
# Since session 11 (commit 5ae83a8/e454c0a) the Simple CNN's and the Hybrid's dense ReLU layers (fed by ReLU outputs) are
# batch-normalised first: without it Adam had left almost all their units dead (`fer units`; fer-deep/README.md, "Dead
# dense units"). The corrected Simple CNN and the xception-wide with ReLUs of session 11 (results/cnn-simple-fcbn,
# results/cnn-xception-wide-relu) are one command each, in their READMEs and the main README.
# Not in the lanes: results/cnn-simple-2h (session 9) is one command on both cores (--replicas 2, 2 hours), written in
# its README and in the main README; DeXpression and the Hybrid are time-boxed --resume runs, see their READMEs; the
# Hybrid with its batch-normalised image branch (session 12, results/cnn-hybrid-fcbn) is one command in its README; session
# 13's continuations of the xception-wide (label smoothing, random erasing, seeds; results/cnn-xception-wide-ls*) and the
# weight soup are in the main README ("Reproducing", session 13) and their READMEs; so are session 14's seeds 3 and 5,
# precise batch norm (results/*-pbn), the re-estimated soup and the annealing runs ("Reproducing", session 14), and
# session 15's distillation pair (results/cnn-xception-wide-kd*) and three more -pbn rows ("Reproducing", session 15).
# The epoch caps default to the epochs each committed row ran (its metrics.json: training.epochs_run); raise them to
# train further. Usage, from the repository root after `mvn -B -q install -DskipTests`:
#   fer-deep/scripts/train-real.sh            (logs: data/train-logs/*.log; hours on 2 cores - see each results README)
set -euo pipefail
DATA=${DATA:-data/processed}
INCEPTION_EPOCHS=${INCEPTION_EPOCHS:-43}
XCEPTION_EPOCHS=${XCEPTION_EPOCHS:-150}
XCEPTION_FT_EPOCHS=${XCEPTION_FT_EPOCHS:-21}
XCEPTION_WIDE_EPOCHS=${XCEPTION_WIDE_EPOCHS:-65}
SIMPLE_EPOCHS=${SIMPLE_EPOCHS:-29}
SIMPLE_FT_EPOCHS=${SIMPLE_FT_EPOCHS:-23}
SIMPLE_FIXED_EPOCHS=${SIMPLE_FIXED_EPOCHS:-19}
[ -d fer-bench/target/lib ] || { echo "build first: mvn -B -q install -DskipTests" >&2; exit 1; }
FROZEN=data/train-jars/$(git rev-parse --short HEAD)
mkdir -p "$FROZEN" data/train-logs
cp -f fer-bench/target/lib/*.jar fer-bench/target/fer-bench-*.jar "$FROZEN/"
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1
train() { java -Xmx3g -Djava.awt.headless=true -cp "$FROZEN/*" org.fer.cli.FerCli train --data "$DATA" --batch 64 --seed 42 --resume "$@"; }
(
  train --model inception --out results/cnn-inception --class-weights none --epochs "$INCEPTION_EPOCHS" --lr 1e-3
  train --model xception --out results/cnn-xception --epochs "$XCEPTION_EPOCHS" --lr 1e-3
  train --model xception --out results/cnn-xception-ft --init-from results/cnn-xception/model.zip --class-weights none \
    --lr 2.5e-4 --lr-patience 3 --patience 10 --epochs "$XCEPTION_FT_EPOCHS"
  train --model xception-wide --out results/cnn-xception-wide --class-weights none --epochs "$XCEPTION_WIDE_EPOCHS" --lr 1e-3
) > data/train-logs/lane-a.log 2>&1 &
A=$!
(
  train --model simple --out results/cnn-simple --epochs "$SIMPLE_EPOCHS" --lr 1e-3
  train --model simple --out results/cnn-simple-ft --init-from results/cnn-simple/model.zip --class-weights none \
    --lr 2.5e-4 --lr-patience 3 --patience 10 --epochs "$SIMPLE_FT_EPOCHS"
  train --model simple --out results/cnn-simple-fixed --init-from results/cnn-simple-ft/model.zip --class-weights none \
    --lr 2.5e-4 --lr-patience 3 --patience 10 --epochs "$SIMPLE_FIXED_EPOCHS"
) > data/train-logs/lane-b.log 2>&1 &
B=$!
echo "training in two lanes (pids $A $B), logs in data/train-logs/; jars frozen in $FROZEN"
wait $A && echo "lane A done $(date -u +%FT%TZ)"
wait $B && echo "lane B done $(date -u +%FT%TZ)"
