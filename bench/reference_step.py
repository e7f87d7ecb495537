#!/usr/bin/python3
"""Times PyTorch on the paper-width multi-layer step, one thread, float32, for `bin/sweep bench`.

Our own small equivalent of what the reference's training loop does per batch (teacher forward,
student forward, nn.MSELoss, backward, SGD step), and of its evaluation (teacher and student on
10,240 samples, teacher-by-student correlations of every hidden layer). It does not reproduce the
reference's per-batch training statistics. Prints one JSON line: wall and CPU ms per step, set-up
and evaluation seconds.
Usage: OMP_NUM_THREADS=1 /usr/bin/python3 bench/reference_step.py [--steps N]
"""
import json
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(1)
KS, MULTI, D, OUT, BATCH, N_TRAIN, N_EVAL = [50, 75, 100, 125], 10, 20, 100, 64, 2_000_000, 10_240


class Net(nn.Module):
    def __init__(self, widths):
        super().__init__()
        dims = [D] + widths
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))
        self.out = nn.Linear(dims[-1], OUT)

    def forward(self, x):
        hs = []
        for layer in self.hidden:
            x = torch.relu(layer(x))
            hs.append(x)
        return self.out(x), hs


def correlation(a, b):
    a = (a - a.mean(0)) / (a.std(0) + 1e-8)
    b = (b - b.mean(0)) / (b.std(0) + 1e-8)
    return a.t() @ b / a.shape[0]


def main():
    steps = int(sys.argv[sys.argv.index("--steps") + 1]) if "--steps" in sys.argv else 200
    torch.manual_seed(1)
    t0, s0 = time.perf_counter(), time.process_time()
    train = torch.randn(N_TRAIN, D) * 10
    evalx = torch.randn(N_EVAL, D) * 10
    teacher, student = Net(KS), Net([k * MULTI for k in KS])
    setup, setup_cpu = time.perf_counter() - t0, time.process_time() - s0

    t1, e0 = time.perf_counter(), time.process_time()
    with torch.no_grad():
        yt, ht = teacher(evalx)
        ys, hs = student(evalx)
        loss = ((yt - ys) ** 2).mean()
        corr = [correlation(a, b).max(1).values.mean() for a, b in zip(ht, hs)]
    evaluation, evaluation_cpu = time.perf_counter() - t1, time.process_time() - e0

    opt = torch.optim.SGD(student.parameters(), lr=0.01)
    mse = nn.MSELoss()
    perm = torch.randperm(N_TRAIN)

    def step(i):
        x = train[perm[i * BATCH:(i + 1) * BATCH]]
        opt.zero_grad()
        yt, _ = teacher(x)
        ys, _ = student(x)
        err = mse(ys, yt.detach())
        err.backward()
        opt.step()

    for i in range(20):
        step(i)
    w0, c0 = time.perf_counter(), time.process_time()
    for i in range(steps):
        step(20 + i)
    wall, cpu = (time.perf_counter() - w0) / steps, (time.process_time() - c0) / steps
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "steps": steps,
                      "ms_per_step": wall * 1e3, "cpu_ms_per_step": cpu * 1e3, "setup_s": setup,
                      "setup_cpu_s": setup_cpu, "eval_s": evaluation, "eval_cpu_s": evaluation_cpu, "check": float(loss) + float(sum(corr))}))


if __name__ == "__main__":
    main()
