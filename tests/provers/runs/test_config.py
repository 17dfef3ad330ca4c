"""RunConfig and the sampler's SampleConfig share their sampling settings by name."""

from __future__ import annotations

from dataclasses import fields

from proofsmith.provers.runs.config import SAMPLING_FIELDS, RunConfig, sampling_settings
from proofsmith.provers.search.sampling import SampleConfig


def test_sampling_fields_exist_on_both_sides_and_round_trip():
    assert set(SAMPLING_FIELDS) <= {f.name for f in fields(RunConfig)}
    assert set(SAMPLING_FIELDS) <= {f.name for f in fields(SampleConfig)}
    run = RunConfig(
        dataset="demo",
        n=3,
        max_tokens=7,
        temperature=0.5,
        top_p=0.9,
        timeout_s=4.0,
        repair_rounds=1,
        repair_width=5,
        repair_n=6,
    )
    sample = SampleConfig(**sampling_settings(run))
    assert sampling_settings(sample) == sampling_settings(run)
    assert sample.repair_width == 5 and sample.check_threads == SampleConfig().check_threads
    back = RunConfig(dataset="demo", **sampling_settings(sample))
    assert sampling_settings(back) == sampling_settings(run)
