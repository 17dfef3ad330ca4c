"""README, "Serving checks": every command, the TRL snippet and the MCP config, run here.

The curl lines run against a real ``proofsmith serve-checkers`` started by the README's
own command (on a free port); the TRL snippet runs with a stand-in ``trl`` module that
calls reward functions the way GRPOTrainer does (the real one needs a model); the MCP
config is launched by a real MCP client session.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from helpers_service import serve_checkers_process, tool_record

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
SECTION = README[README.index("## Serving checks") : README.index("## Provers")]


def _block(lang: str) -> str:
    (found,) = re.findall(rf"```{lang}\n(.*?)```", SECTION, flags=re.S)
    return found


def _commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", SECTION, flags=re.S)
    lines = [re.sub(r"\s+#\s.*$", "", line).strip() for b in blocks for line in b.splitlines()]
    return [line for line in lines if line]


def _curl_data(command: str) -> tuple[str, str | None]:
    argv = shlex.split(command)
    url = next(a for a in argv if "localhost:8100" in a)
    data = argv[argv.index("-d") + 1] if "-d" in argv else None
    return url, data


def test_serve_checkers_and_the_curl_examples():
    serve = next(c for c in _commands() if c.startswith("proofsmith serve-checkers"))
    argv = shlex.split(serve.replace("--port 8100", "--port 0"))
    with serve_checkers_process(argv[2:]) as base:
        host = base.removeprefix("http://")
        curls = [c for c in _commands() if c.startswith("curl")]
        assert len(curls) == 5
        answers = []
        for command in curls:
            if shutil.which("curl"):
                argv = shlex.split(command.replace("localhost:8100", host))
                done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
                assert done.returncode == 0, done.stderr
                answers.append(json.loads(done.stdout))
            else:  # the same request: the body curl -d would send, as a POST
                url, data = _curl_data(command.replace("localhost:8100", host))
                reply = (
                    httpx.post(f"http://{url}", content=data)
                    if data
                    else httpx.get(f"http://{url}")
                )
                answers.append(reply.json())
    assert answers[0]["status"] == "ok"
    statuses = [a["results"][0]["status"] for a in answers[1:]]
    assert statuses == ["proved", "proved", "proved", "rejected"]
    assert "sorry" in answers[4]["results"][0]["messages"][0]


def test_check_smt_batch_and_the_bench(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    batch = next(c for c in _commands() if c.startswith("proofsmith check smt"))
    argv = shlex.split(batch)[1:]
    files = sorted(glob.glob(argv[2]))
    result = cli([*argv[:2], *files, *argv[3:]])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in lines] == files and len(files) >= 4
    assert all(r["status"] == "proved" for r in lines) and result.exit_code == 0
    assert "python bench/serve_checkers.py" in _commands()
    done = subprocess.run(
        [
            sys.executable,
            "bench/serve_checkers.py",
            "--items",
            "20",
            "--cli-sample",
            "2",
            "--reward-seconds",
            "1",
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["server_agrees_with_in_process"] == 1.0 and figures["items"] == 20


FAKE_TRL = '''
"""A stand-in for trl: GRPOTrainer calls its reward functions as the real one does."""
import json

class GRPOConfig:
    def __init__(self, output_dir, **kwargs):
        self.output_dir = output_dir

class GRPOTrainer:
    def __init__(self, model, reward_funcs, args, train_dataset):
        self.reward_funcs, self.dataset = reward_funcs, train_dataset

    def train(self):
        rows = list(self.dataset)
        for row in rows:  # a group of two completions per prompt, in chat form
            completions = [[{"role": "assistant", "content": c}] for c in ("\\\\boxed{1/2}", "0.4")]
            prompts = [[{"role": "user", "content": row["prompt"]}]] * 2
            keys = [k for k in row if k not in ("prompt", "completion", "completion_ids")]
            columns = {k: [row[k]] * 2 for k in keys}
            for func in self.reward_funcs:
                out = func(prompts=prompts, completions=completions,
                           completion_ids=[[1], [2]], trainer_state=None, **columns)
                print(json.dumps({"reward": func.__name__, "values": out}))
'''


def test_the_trl_snippet_runs_with_grpo_calls(tmp_path):
    (tmp_path / "trl.py").write_text(textwrap.dedent(FAKE_TRL))
    script = tmp_path / "train.py"
    script.write_text(_block("python"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert json.loads(line) == {"reward": "answer_reward", "values": [1.0, 0.0]}


def test_the_mcp_config_starts_a_working_server():
    mcp = pytest.importorskip("mcp")
    anyio = pytest.importorskip("anyio")
    from mcp.client.stdio import StdioServerParameters, stdio_client

    server = json.loads(_block("json"))["mcpServers"]["proofsmith"]
    params = StdioServerParameters(command=str(BIN / server["command"]), args=server["args"])

    async def call():
        async with stdio_client(params) as (read, write), mcp.ClientSession(read, write) as s:
            await s.initialize()
            return await s.call_tool("check_answer", {"gold": "2", "prediction": "\\boxed{2}"})

    assert tool_record(anyio.run(call))["status"] == "proved"
