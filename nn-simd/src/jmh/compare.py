#!/usr/bin/env python3
"""Runs nnj and its peers side by side on this machine and prints the ratios of issue 9's targets.

    python3 nn-simd/src/jmh/compare.py                      # everything, about 6 minutes
    python3 nn-simd/src/jmh/compare.py --quick              # shorter JMH iterations, about 3 minutes
    python3 nn-simd/src/jmh/compare.py --torch-blas DIR     # PyTorch on the OpenBLAS in DIR (see below)
    python3 nn-simd/src/jmh/compare.py --baseline DIR       # also the nn-simd classes in DIR (an older build)

In one run, in this order, each step printed as it goes:
  1. the machine: lscpu's model name, vector width, load average;
  2. the FMA peak of one core: a C loop of 12 independent FMA chains at the widest vector width
     (gcc, when installed) and the same loop in Java (JMH FmaPeak);
  3. the peers, first pass: numpy's sgemm (OpenBLAS, OPENBLAS_NUM_THREADS=1) on the shapes below,
     and PyTorch on workload W2 (one epoch of 60,000 x 784 at batch 64, Adam 1e-3) with 1 and 2
     threads;
  4. nnj: JMH on FmaPeak, SgemmSquare (n=1024, 1 thread), SgemmMlp.gemm (simd-1, the six shapes),
     W2Epoch (1 thread, 2 threads, 1 thread at 256 bits), then SgemmSquare and the first MLP
     shape again with -Dnnj.simd.bits=256;
  5. the peers again (the table uses the mean of both passes, so load that comes and goes hits
     both sides);
  6. the table: every figure and the ratio each target asks for.

Peers: `python3` first on PATH for numpy (its bundled OpenBLAS is the newest on this machine),
`/usr/bin/python3` for PyTorch (Debian's python3-torch); --numpy-python and --torch-python
change them. Debian's torch calls the system BLAS (libblas.so.3), which is the slow reference
BLAS unless an optimised one is installed. Without changing the system, PyTorch can run on
Debian's OpenBLAS unpacked anywhere:
    apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb /tmp/openblas
    python3 nn-simd/src/jmh/compare.py --torch-blas /tmp/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread
(`apt-get install libopenblas0-pthread` does the same for every program.) The script prints
which BLAS PyTorch loaded.

nnj is built with `mvn -Pbench` (network access for the JMH plugins the first time) and run with
JMH's forks on a JDK 25 or later (JAVA_HOME, PATH, /usr/lib/jvm or Maven's discovered toolchains,
unless --java).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SHAPES = ["1024x1024x1024:NN", "64x128x784:NN", "64x10x128:NN", "128x10x64:TN", "64x128x10:NT",
          "784x128x64:TN", "64x784x128:NT"]
W2_ROWS = 60000

C_PEAK = r"""
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#if defined(__AVX512F__)
typedef __m512 V;
#define SET(x) _mm512_set1_ps(x)
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define LANES 16
#else
typedef __m256 V;
#define SET(x) _mm256_set1_ps(x)
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define LANES 8
#endif
static double now(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
int main(void) {
    V x = SET(0.999f), y = SET(0.001f);
    V c0 = SET(0.1f), c1 = SET(0.2f), c2 = SET(0.3f), c3 = SET(0.4f), c4 = SET(0.5f), c5 = SET(0.6f);
    V c6 = SET(0.7f), c7 = SET(0.8f), c8 = SET(0.9f), c9 = SET(1.0f), c10 = SET(1.1f), c11 = SET(1.2f);
    long iters = 400000000L / LANES;
    double best = 0;
    for (int round = 0; round < 5; round++) {
        double t0 = now(CLOCK_MONOTONIC);
        for (long i = 0; i < iters; i++) {
            c0 = FMA(c0, x, y); c1 = FMA(c1, x, y); c2 = FMA(c2, x, y); c3 = FMA(c3, x, y);
            c4 = FMA(c4, x, y); c5 = FMA(c5, x, y); c6 = FMA(c6, x, y); c7 = FMA(c7, x, y);
            c8 = FMA(c8, x, y); c9 = FMA(c9, x, y); c10 = FMA(c10, x, y); c11 = FMA(c11, x, y);
            __asm__ volatile("" : "+v"(c0), "+v"(c1), "+v"(c2), "+v"(c3), "+v"(c4), "+v"(c5));
        }
        double g = 12.0 * 2 * LANES * iters / (now(CLOCK_MONOTONIC) - t0) / 1e9;
        if (g > best) best = g;
    }
    float s[LANES];
    V sum = c0; sum += c1; sum += c2; sum += c3; sum += c4; sum += c5; sum += c6; sum += c7; sum += c8; sum += c9; sum += c10; sum += c11;
    __builtin_memcpy(s, &sum, sizeof s);
    printf("%d %.2f %g\n", LANES * 32, best, s[0]);
    return 0;
}
"""

NUMPY = r"""
import json, sys, time
import numpy as np
shapes, secs = json.loads(sys.argv[1]), float(sys.argv[2])
rng = np.random.default_rng(1)
out = {}
for sh in shapes:
    m, n, k = map(int, sh.split(':')[0].split('x'))
    form = sh.split(':')[1]
    a = (rng.random((k, m)) if form[0] == 'T' else rng.random((m, k))).astype(np.float32) - 0.5
    b = (rng.random((n, k)) if form[1] == 'T' else rng.random((k, n))).astype(np.float32) - 0.5
    A = a.T if form[0] == 'T' else a
    B = b.T if form[1] == 'T' else b
    c = np.empty((m, n), np.float32)
    for rounds in range(2):              # the first round warms up
        reps, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < secs:
            np.matmul(A, B, out=c)
            reps += 1
        avg = (time.perf_counter() - t0) / reps
    out[sh] = 2.0 * m * n * k / avg / 1e9
cfg = np.show_config(mode='dicts') if hasattr(np, 'show_config') else {}
blas = cfg.get('Build Dependencies', {}).get('blas', {}) if isinstance(cfg, dict) else {}
out['_blas'] = '%s %s' % (blas.get('name', '?'), blas.get('version', ''))
out['_numpy'] = np.__version__
print(json.dumps(out))
"""

TORCH = r"""
import json, sys, time
import torch
threads, epochs, rows = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(1)
X = torch.rand(rows, 784)
Y = torch.randint(0, 10, (rows,))
model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
lossf = torch.nn.CrossEntropyLoss()      # log-softmax and NLL fused, as nnj fuses softmax + cross-entropy
rates = []
for epoch in range(epochs + 1):          # epoch 0 warms up
    t0 = time.perf_counter()
    perm = torch.randperm(rows)
    for i in range(0, rows, 64):
        idx = perm[i:i + 64]
        opt.zero_grad()
        loss = lossf(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
    if epoch > 0:
        rates.append(rows / (time.perf_counter() - t0))
libs = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() and l.split()[-1].startswith('/')})
print(json.dumps({'rates': rates, 'torch': torch.__version__, 'blas': libs}))
"""


def log(msg):
    print(msg, flush=True)


def java_25():
    """A java of version 25 or later: JAVA_HOME, PATH, /usr/lib/jvm, or the JDKs Maven's toolchains found."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(os.path.join(os.environ["JAVA_HOME"], "bin", "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    if os.path.isdir("/usr/lib/jvm"):
        candidates += sorted(os.path.join("/usr/lib/jvm", d, "bin", "java") for d in os.listdir("/usr/lib/jvm"))
    cache = os.path.expanduser("~/.m2/discovered-jdk-toolchains-cache.xml")
    if os.path.exists(cache):
        candidates += [os.path.join(h, "bin", "java") for h in re.findall(r"<jdkHome>([^<]+)</jdkHome>", open(cache).read())]
    for java in candidates:
        if not os.path.exists(java):
            continue
        out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
        m = re.search(r'version "(\d+)', out)
        if m and int(m.group(1)) >= 25:
            return java
    sys.exit("no JDK 25 or later found (JAVA_HOME, PATH, /usr/lib/jvm, Maven's toolchains); pass --java")


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def machine():
    model, flags = "?", ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = re.search(r"Model name:\s*(.*)", out).group(1).strip()
        flags = re.search(r"Flags:\s*(.*)", out).group(1)
    except Exception:
        pass
    width = 512 if "avx512f" in flags.split() else 256 if "avx2" in flags.split() else 128
    return model, width


def c_peak(width):
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        return None
    with tempfile.TemporaryDirectory() as d:
        src, exe = os.path.join(d, "peak.c"), os.path.join(d, "peak")
        open(src, "w").write(C_PEAK)
        arch = ["-mavx512f", "-mfma"] if width == 512 else ["-mavx2", "-mfma"]
        if subprocess.run([cc, "-O2", *arch, "-o", exe, src]).returncode != 0:
            return None
        out = subprocess.run(["taskset", "-c", "0", exe] if shutil.which("taskset") else [exe],
                             capture_output=True, text=True).stdout.split()
        return float(out[1])


def numpy_sgemm(python, seconds):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    r = subprocess.run([python, "-c", NUMPY, json.dumps(SHAPES), str(seconds)], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        log("  numpy failed: " + r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "  numpy failed")
        return None
    return json.loads(r.stdout)


def torch_w2(python, threads, epochs, blas_dir):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    if blas_dir:
        env["LD_LIBRARY_PATH"] = blas_dir + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    r = subprocess.run([python, "-c", TORCH, str(threads), str(epochs), str(W2_ROWS)], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        log("  torch failed: " + (r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "?"))
        return None
    return json.loads(r.stdout)


def peers(args, width, label):
    log("[%s] peers (load %s)" % (label, load()))
    out = {"numpy": numpy_sgemm(args.numpy_python, 1.0 if args.quick else 2.0)}
    if out["numpy"]:
        log("  numpy %s, %s: %s" % (out["numpy"]["_numpy"], out["numpy"]["_blas"],
                                   ", ".join("%s %.1f" % (s, out["numpy"][s]) for s in SHAPES)))
    for t in (1, 2):
        res = torch_w2(args.torch_python, t, 2 if args.quick else 3, args.torch_blas)
        out["torch%d" % t] = res
        if res:
            log("  torch %s, %d thread(s), BLAS %s: %s samples/s" % (res["torch"], t, res["blas"] or "(built in)",
                                                                    ", ".join("%.0f" % x for x in res["rates"])))
    return out


def build(mvn):
    log("[build] mvn -Pbench package (load %s)" % load())
    cmd = [mvn, "-B", "-q", "-pl", "nn-simd", "-am", "-Pbench", "-Dexec.skip=true", "package",
           "dependency:build-classpath", "-Dmdep.outputFile=target/jmh-classpath.txt", "-Dmdep.includeScope=test"]
    subprocess.run(cmd, cwd=ROOT, check=True)
    deps = open(os.path.join(ROOT, "nn-simd", "target", "jmh-classpath.txt")).read().strip()
    return os.path.join(ROOT, "nn-simd", "target", "test-classes"), os.path.join(ROOT, "nn-simd", "target", "classes"), deps


def jmh(java, cp, includes, params, extra, quick, jvm_args=None):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    cmd = [java, "--add-modules", "jdk.incubator.vector", "-cp", cp, "org.openjdk.jmh.Main", *includes]
    for p in params:
        cmd += ["-p", p]
    if quick:
        cmd += ["-wi", "2", "-i", "3"]
    if jvm_args:
        cmd += ["-jvmArgsAppend", jvm_args]
    cmd += [*extra, "-rf", "json", "-rff", out]
    r = subprocess.run(cmd, stdout=None if os.environ.get("JMH_VERBOSE") else subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    results = json.load(open(out)) if os.path.getsize(out) > 0 else []
    if r.returncode != 0 or not results:
        sys.exit("JMH failed: " + " ".join(cmd) + "\n" + (r.stdout or "")[-3000:])
    return results


def seconds(r):
    unit = r["primaryMetric"]["scoreUnit"]
    return r["primaryMetric"]["score"] * {"us/op": 1e-6, "ns/op": 1e-9, "ms/op": 1e-3, "s/op": 1.0}[unit]


def nnj(args, classes, label, jvm_args=None):
    tests, main, deps = args.cp_parts
    cp = ":".join([tests, classes, deps])
    log("[%s] JMH (load %s)" % (label, load()))
    res = {}
    params = ["n=1024", "threads=1", "kernels=simd-1", "shape=" + ",".join(SHAPES[1:])]
    includes = ["SgemmSquare.sgemm", "SgemmMlp.gemm", "W2Epoch"]
    if jvm_args:          # the forced width: square and the first layer's product; W2Epoch has its own fork
        params[-1] = "shape=" + SHAPES[1]
        includes = ["SgemmSquare.sgemm", "SgemmMlp.gemm"]
    elif classes == main:
        includes = ["FmaPeak"] + includes
    else:                 # a baseline build: only the 1-thread forks
        includes = ["SgemmSquare.sgemm", "SgemmMlp.gemm", "W2Epoch.threads1$"]
    for r in jmh(args.java, cp, includes, params, [], args.quick, jvm_args):
        name = r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1]
        p = r.get("params", {})
        if name.endswith("FmaPeak.twelveFmaChains"):
            res["peak"] = r["primaryMetric"]["score"]
        elif name == "SgemmSquare.sgemm":
            res["1024x1024x1024:NN"] = 2 * 1024 ** 3 / seconds(r) / 1e9
        elif name == "SgemmMlp.gemm":
            m, n, k = map(int, p["shape"].split(":")[0].split("x"))
            res[p["shape"]] = 2.0 * m * n * k / seconds(r) / 1e9
        elif name.startswith("W2Epoch."):
            res["w2." + name.split(".")[1]] = W2_ROWS / seconds(r)
    log("  " + ", ".join("%s %.1f" % (k, v) for k, v in res.items()))
    return res


def mean(*xs):
    xs = [x for x in xs if x is not None]
    return statistics.mean(xs) if xs else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="shorter JMH runs and fewer PyTorch epochs")
    ap.add_argument("--numpy-python", default=shutil.which("python3") or "python3")
    ap.add_argument("--torch-python", default="/usr/bin/python3")
    ap.add_argument("--torch-blas", help="a directory holding libblas.so.3 for PyTorch (LD_LIBRARY_PATH)")
    ap.add_argument("--baseline", help="nn-simd classes of an older build, measured at 1 thread in the same run")
    ap.add_argument("--java", help="a JDK 25+ java (default: found as Maven's toolchain would)")
    ap.add_argument("--mvn", default="mvn")
    args = ap.parse_args()
    args.java = args.java or java_25()

    model, width = machine()
    log("machine: %s, %d-bit vectors, %d processors, load %s, %s" % (model, width, os.cpu_count(), load(),
                                                                      time.strftime("%Y-%m-%d %H:%M:%S %Z")))
    cpeak = c_peak(width)
    log("C FMA peak, 1 core: %s GFLOP/s" % ("%.1f" % cpeak if cpeak else "(no gcc)"))
    args.cp_parts = build(args.mvn)
    first = peers(args, width, "pass 1")
    mine = nnj(args, args.cp_parts[1], "nnj")
    at256 = nnj(args, args.cp_parts[1], "nnj, -Dnnj.simd.bits=256", "-Dnnj.simd.bits=256") if width > 256 else {}
    base = nnj(args, args.baseline, "baseline " + args.baseline) if args.baseline else {}
    second = peers(args, width, "pass 2")

    def blas(sh):
        return mean(*(p["numpy"][sh] for p in (first, second) if p["numpy"]))

    def torch(t):
        runs = [x for p in (first, second) if p.get("torch%d" % t) for x in p["torch%d" % t]["rates"]]
        return statistics.mean(runs) if runs else None

    log("\nload at the end: %s" % load())
    rows = []
    peak = mine.get("peak")
    rows.append(("FMA peak, 1 core (GFLOP/s)", mine.get("peak"), cpeak, "Java JMH vs C", None))
    for sh in SHAPES:
        ob = blas(sh)
        ratio = mine[sh] / ob if ob else None
        target = "≥ 0.9x OpenBLAS, ≥ 0.75 of peak" if sh == SHAPES[0] else "≥ 1.0x OpenBLAS"
        rows.append(("sgemm %s, 1 thread (GFLOP/s)" % sh, mine[sh], ob, target, ratio))
    if peak:
        rows.append(("sgemm 1024 / Java FMA peak", mine[SHAPES[0]] / peak, None, "≥ 0.75", None))
    if cpeak:
        rows.append(("sgemm 1024 / C FMA peak", mine[SHAPES[0]] / cpeak, None, "≥ 0.75", None))
    t1, t2 = torch(1), torch(2)
    rows.append(("W2, 1 thread (samples/s)", mine["w2.threads1"], t1, "≥ 1.5x PyTorch", mine["w2.threads1"] / t1 if t1 else None))
    rows.append(("W2, 2 threads (samples/s)", mine["w2.threads2"], t2, "≥ 1.3x nnj 1 thread",
                 mine["w2.threads2"] / mine["w2.threads1"]))
    rows.append(("W2, 1 thread, 256-bit (samples/s)", mine["w2.threads1Bits256"], base.get("w2.threads1"),
                 "≥ today's (baseline)", mine["w2.threads1Bits256"] / base["w2.threads1"] if base else None))
    if at256:
        for sh in SHAPES[:2]:
            rows.append(("sgemm %s, 256-bit (GFLOP/s)" % sh, at256[sh], base.get(sh), "≥ today's (baseline)",
                         at256[sh] / base[sh] if base.get(sh) else None))
    log("\n| | nnj | peer | target | ratio |\n|---|---|---|---|---|")
    for name, ours, peer, target, ratio in rows:
        f = (lambda v: "" if v is None else ("%.2f" % v if v < 10 else "%.1f" % v if v < 1000 else "%.0f" % v))
        log("| %s | %s | %s | %s | %s |" % (name, f(ours), f(peer), target, "" if ratio is None else "%.2fx" % ratio))
    log("\npeers: numpy %s (%s) for sgemm; PyTorch %s on %s for W2 (mean of %d epochs a thread count)" % (
        first["numpy"]["_numpy"] if first["numpy"] else "?", first["numpy"]["_blas"] if first["numpy"] else "?",
        first["torch1"]["torch"] if first.get("torch1") else "?",
        (first["torch1"]["blas"] or ["its built-in BLAS"]) if first.get("torch1") else "?",
        2 * (2 if args.quick else 3)))


if __name__ == "__main__":
    main()
