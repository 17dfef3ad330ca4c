"""`proofsmith serve` as a real subprocess, queried by the client, then stopped with Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from proofsmith.provers.backends.openai.client import OpenAIProver, RetryPolicy
from proofsmith.provers.base import SamplingParams


def test_serve_subprocess_answers_the_client_and_stops_on_sigint(tiny_llama_dir):
    exe = os.path.join(os.path.dirname(sys.executable), "proofsmith")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    cmd = [exe, "serve", str(tiny_llama_dir), "--port", "0", "--device", "cpu", "--seed", "0"]
    cmd += ["--served-model-name", "tiny", "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = proc.stdout.readline()
        if not line:
            pytest.fail(f"serve exited: {proc.wait(30)}: {proc.stderr.read()[-2000:]}")
        info = json.loads(line)
        assert info["model"] == "tiny" and info["url"].endswith("/v1")
        with OpenAIProver(info["url"], retry=RetryPolicy(2, 0.05, 0.2)) as client:
            out = client.generate(
                ["theorem foo", "intro h"], SamplingParams(n=2, max_tokens=4, temperature=0)
            )
        assert [len(c) for c in out] == [2, 2]
        assert all(c.num_tokens >= 1 and c.logprob < 0 for cs in out for c in cs)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise
        proc.stdout.close()
        proc.stderr.close()
    assert code == 0
    assert proc.stdout.closed
