"""A long session costs in proportion to its length: what walks the timeline reads each
segment a bounded number of times, counted here (not timed)."""

from __future__ import annotations

from typing import Any, SupportsIndex

from coach.bench.sessions import big_session
from coach.domain.loading import load_session
from coach.domain.phrases import all_forms
from coach.domain.timeline import Segment, Timeline, compile_timeline


class _Counted(tuple[Segment, ...]):
    """The timeline's segments, counting every segment read, slices included."""

    reads = 0

    def __getitem__(self, key: SupportsIndex | slice) -> Any:
        got = super().__getitem__(key)
        _Counted.reads += len(got) if isinstance(key, slice) else 1
        return got

    def __iter__(self) -> Any:
        for segment in super().__iter__():
            _Counted.reads += 1
            yield segment


def _counted(exercises: int, write_session) -> Timeline:
    timeline = compile_timeline(load_session(write_session(big_session(exercises))))
    timeline.__dict__["segments"] = _Counted(timeline.segments)  # the cached segments
    _Counted.reads = 0
    return timeline


def test_the_voice_phrases_of_a_long_session_read_each_segment_a_few_times(write_session):
    timeline = _counted(200, write_session)  # 19,200 segments, 1,800 rests and get-readies
    forms = list(all_forms(timeline, counts=True))
    assert "Hip thrust, 60 kilos, set 1 of 3, 10 reps" in forms
    # Each rest and get-ready looks ahead to the next work; copying the rest of the
    # session each time read about 17 million segments here.
    assert _Counted.reads < 10 * len(timeline.segments)
