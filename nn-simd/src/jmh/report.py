#!/usr/bin/env python3
"""Turns JMH's JSON (nn-simd/target/jmh-result.json) into the tables of docs/benchmarks.md:
GFLOP/s, GB/s and samples/s, each as a fraction of the measured FMA peak (FmaPeak).

    python3 nn-simd/src/jmh/report.py nn-simd/target/jmh-result.json
"""
import json
import sys

N_ACT = 64 * 128          # activation tensors in Elementwise
W = 784 * 128             # first-layer weights in Elementwise
STEP_FLOP = 2 * (64 * 784 * 128 + 64 * 128 * 10 + 128 * 10 * 64 + 64 * 10 * 128 + 784 * 128 * 64)

BYTES = {  # bytes read + written per call (4 bytes a float)
    "sigmoid": 8 * N_ACT, "tanh": 8 * N_ACT, "relu": 8 * N_ACT, "leakyRelu": 8 * N_ACT,
    "sigmoidBackward": 12 * N_ACT, "tanhBackward": 12 * N_ACT, "reluBackward": 12 * N_ACT,
    "leakyReluBackward": 12 * N_ACT, "softmaxRows": 8 * 640, "addBias": 8 * N_ACT, "columnSums": 4 * N_ACT,
    "sgdUpdate": 12 * W, "momentumUpdate": 20 * W, "adamUpdate": 28 * W,
}

def seconds(r):
    unit = r["primaryMetric"]["scoreUnit"]
    scale = {"us/op": 1e-6, "ns/op": 1e-9, "ms/op": 1e-3, "s/op": 1.0}[unit]
    return r["primaryMetric"]["score"] * scale, r["primaryMetric"]["scoreError"] * scale

def alloc(r):
    m = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return "" if m is None else "%.0f" % m["score"]

def main(path):
    results = json.load(open(path))
    peak = None
    for r in results:
        if r["benchmark"].endswith("FmaPeak.tenFmaChains"):
            peak = r["primaryMetric"]["score"]
    print("FMA peak: %.1f GFLOP/s (± %.1f)\n" % (peak, next(r for r in results if r["benchmark"].endswith("tenFmaChains"))["primaryMetric"]["scoreError"]))
    print("| benchmark | params | time | ± | GFLOP/s | of peak | B/op (gc) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        name = r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1]
        p = r.get("params", {})
        if name.startswith("FmaPeak"):
            continue
        t, e = seconds(r)
        flop = None
        if name.startswith("SgemmSquare") or name.startswith("SgemmScalar"):
            n = int(p["n"]); flop = 2 * n ** 3
        elif name.startswith("SgemmMlp"):
            m, n, k = map(int, p["shape"].split(":")[0].split("x")); flop = 2 * m * n * k
        elif name.startswith("TrainingStep"):
            flop = STEP_FLOP
        if flop is None:
            continue
        g = flop / t / 1e9
        print("| %s | %s | %.1f µs | %.1f | %.1f | %.0f%% | %s |" % (
            name, " ".join("%s=%s" % kv for kv in p.items()), t * 1e6, e * 1e6, g, 100 * g / peak, alloc(r)))
    print("\n| benchmark | params | time | ± | GB/s | B/op (gc) |")
    print("|---|---|---|---|---|---|")
    for r in results:
        method = r["benchmark"].split(".")[-1]
        if not r["benchmark"].split(".")[-2] == "Elementwise":
            continue
        t, e = seconds(r)
        print("| %s | %s | %.0f ns | %.0f | %.1f | %s |" % (
            method, r["params"]["impl"], t * 1e9, e * 1e9, BYTES[method] / t / 1e9, alloc(r)))
    print("\n| benchmark | params | time | ± | samples/s | B/op (gc) |")
    print("|---|---|---|---|---|---|")
    for r in results:
        cls, method = r["benchmark"].split(".")[-2:]
        if cls not in ("TrainingStep", "ModelTraining"):
            continue
        t, e = seconds(r)
        samples = 64 if cls == "TrainingStep" else 640
        print("| %s.%s | %s | %.1f µs | %.1f | %.0f | %s |" % (
            cls, method, " ".join("%s=%s" % kv for kv in r.get("params", {}).items()), t * 1e6, e * 1e6, samples / t, alloc(r)))

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "nn-simd/target/jmh-result.json")
