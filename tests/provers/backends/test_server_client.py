"""The HTTP client against `proofsmith serve`'s server running the tiny Llama on loopback."""

from __future__ import annotations

import math
import socket
import threading

import httpx
import pytest

from proofsmith.errors import InputError, ServerRejected, ServerUnreachable
from proofsmith.provers.backends.local import LocalProver
from proofsmith.provers.backends.openai.client import OpenAIProver, RetryPolicy, api_base
from proofsmith.provers.backends.openai.server import CompletionServer
from proofsmith.provers.base import SamplingParams
from proofsmith.provers.load import load_prover

FAST_RETRY = RetryPolicy(retries=2, base_s=0.01, max_s=0.05)


@pytest.fixture(scope="module")
def local(tiny_llama_dir):
    return LocalProver(tiny_llama_dir, seed=0, device="cpu", name="tiny")


@pytest.fixture(scope="module")
def server(local):
    with CompletionServer(local) as srv:
        yield srv


class Flaky:
    """Wraps a prover: fails the first ``fail`` calls, stops ``server`` at call ``die_at``."""

    def __init__(self, inner, fail: int = 0, die_at: int | None = None) -> None:
        self.inner, self.fail, self.die_at = inner, fail, die_at
        self.name = "flaky"
        self.calls = 0
        self.server: CompletionServer | None = None
        self._lock = threading.Lock()

    def generate(self, *args, **kwargs):
        with self._lock:
            self.calls += 1
            calls = self.calls
        if calls <= self.fail:
            raise RuntimeError("CUDA out of memory (simulated)")
        if self.die_at is not None and calls == self.die_at:
            threading.Thread(target=self.server.close).start()  # dies mid-run
        return self.inner.generate(*args, **kwargs)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_routes_health_models_and_errors(server):
    base = server.url
    with httpx.Client() as http:
        assert http.get(base.removesuffix("/v1") + "/health").json() == {"status": "ok"}
        assert [m["id"] for m in http.get(base + "/models").json()["data"]] == ["tiny"]
        wrong = http.post(base + "/completions", json={"model": "nope", "prompt": "x"})
        assert wrong.status_code == 404
        assert wrong.json()["message"] == "The model `nope` does not exist."
        bad = http.post(base + "/completions", json={"model": "tiny", "prompt": "x", "n": 0})
        assert bad.status_code == 400 and "n" in bad.json()["message"]
        assert http.post(base + "/completions", content=b"{not json").status_code == 400
        assert http.get(base + "/nowhere").status_code == 404


def test_completion_reply_shape(server, local):
    body = {
        "model": "tiny",
        "prompt": ["theorem foo", "intro h"],
        "n": 2,
        "max_tokens": 5,
        "temperature": 0,
        "logprobs": 0,
        "stop": "zzz",
        "echo": False,  # unknown to us: ignored, as vLLM-style clients send it
    }
    reply = httpx.post(server.url + "/completions", json=body).json()
    assert [c["index"] for c in reply["choices"]] == [0, 1, 2, 3]
    first = reply["choices"][0]
    assert len(first["logprobs"]["tokens"]) == len(first["logprobs"]["token_logprobs"]) == 5
    assert "".join(first["logprobs"]["tokens"]) == first["text"] or first["text"]
    assert first["finish_reason"] == "length"
    expected = local.generate(["theorem foo"], SamplingParams(max_tokens=5, temperature=0))[0][0]
    assert first["text"] == expected.text
    assert math.isclose(sum(first["logprobs"]["token_logprobs"]), expected.logprob, abs_tol=1e-4)
    assert reply["usage"]["completion_tokens"] == 20
    assert reply["usage"]["prompt_tokens"] > 0


def test_client_matches_local_greedy_and_keeps_order_under_concurrency(server, local):
    prompts = [f"example {i} : {i} = {i} := by" for i in range(8)]
    with OpenAIProver(server.url, max_concurrency=4, retry=FAST_RETRY) as client:
        assert client.model == "tiny"
        remote = client.generate(prompts, SamplingParams(n=2, max_tokens=6, temperature=0))
        sampled = client.generate(prompts[:2], SamplingParams(n=3, max_tokens=4, temperature=1.0))
    here = local.generate(prompts, SamplingParams(n=1, max_tokens=6, temperature=0))
    assert [len(r) for r in remote] == [2] * 8
    for r, h, p in zip(remote, here, prompts, strict=True):
        assert r[0].prompt == p and r[0].text == h[0].text
        assert r[0].num_tokens == h[0].num_tokens
        assert math.isclose(r[0].logprob, h[0].logprob, abs_tol=1e-4)
    assert [len(s) for s in sampled] == [3, 3]
    assert all(c.logprob < 0 and 1 <= c.num_tokens <= 4 for s in sampled for c in s)


def test_wrong_model_name_is_rejected_early_and_late(server):
    with pytest.raises(ServerRejected, match="does not serve model 'deepseek'.*tiny"):
        OpenAIProver(server.url, model="deepseek", retry=FAST_RETRY)
    client = OpenAIProver(server.url, model="deepseek", check=False, retry=FAST_RETRY)
    with pytest.raises(ServerRejected, match="404: The model `deepseek` does not exist") as info:
        client.generate(["x"], SamplingParams(max_tokens=2))
    assert info.value.status == 404
    client.close()


def test_unreachable_server_names_the_url_and_how_to_start_one():
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(ServerUnreachable, match="nothing answers at") as info:
        OpenAIProver(url, retry=FAST_RETRY)
    assert "vllm serve MODEL --port" in str(info.value)
    assert "3 attempts" in info.value.message


def test_5xx_is_retried_and_4xx_is_not(local):
    flaky = Flaky(local, fail=1)
    with CompletionServer(flaky, model_name="m") as srv:
        with OpenAIProver(srv.url, retry=FAST_RETRY) as client:
            out = client.generate(["theorem"], SamplingParams(max_tokens=3, temperature=0))
            assert flaky.calls == 2  # one 500, one retry that worked
            assert len(out[0]) == 1 and out[0][0].num_tokens >= 1
            with pytest.raises(InputError, match="top_p must be"):
                client.generate(
                    ["x"], SamplingParams(top_p=0)
                )  # refused before sending: SamplingParams checks itself
            flaky.fail = 10**6
            with pytest.raises(ServerRejected, match="500: RuntimeError: CUDA out of memory"):
                client.generate(["x"], SamplingParams(max_tokens=2))
            assert flaky.calls == 2 + 1 + FAST_RETRY.retries
        with httpx.Client() as http:  # a 400 is answered once and not retried by the client
            calls = flaky.calls
            with OpenAIProver(srv.url, retry=FAST_RETRY) as client:
                with pytest.raises(ServerRejected, match="400: max_tokens"):
                    client._request(
                        "POST", "/completions", {"model": "m", "prompt": "x", "max_tokens": 0}
                    )
            assert flaky.calls == calls
            assert http.get(srv.url + "/models").status_code == 200


def test_server_dying_mid_run_raises_unreachable_after_retries(local):
    dying = Flaky(local, die_at=3)
    srv = CompletionServer(dying, model_name="m").start()
    dying.server = srv
    prompts = [f"p{i}" for i in range(12)]
    with OpenAIProver(srv.url, max_concurrency=1, retry=FAST_RETRY) as client:
        with pytest.raises(ServerUnreachable, match="nothing answers"):
            client.generate(prompts, SamplingParams(max_tokens=3))
    assert 3 <= dying.calls < 12


def test_load_prover_picks_the_backend(server, tiny_llama_dir):
    remote = load_prover(server.url.removesuffix("/v1") + "#tiny", retry=FAST_RETRY)
    assert isinstance(remote, OpenAIProver) and remote.model == "tiny"
    remote.close()
    assert isinstance(load_prover(str(tiny_llama_dir), device="cpu"), LocalProver)
    assert api_base("http://h:1/v1/") == "http://h:1/v1"
    with pytest.raises(InputError):
        load_prover("  ")
