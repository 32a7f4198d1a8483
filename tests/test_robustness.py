"""Property tests: random input never escapes as anything but a located SessionFileError,
and random key presses never break the runner's invariants."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.domain.loading import load_session, validate_text
from coach.domain.problems import SessionFileError
from coach.domain.runner import CueDue, Runner, SetResult
from coach.domain.timeline import compile_timeline

KEYS = [
    "name",
    "about",
    "defaults",
    "library",
    "sounds",
    "exercises",
    "exercise",
    "variation",
    "sets",
    "reps",
    "tempo",
    "hold",
    "per_side",
    "switch",
    "rest",
    "rest_after",
    "get_ready",
    "intervals",
    "emom",
    "load",
    "work",
    "rounds",
    "every",
    "rule",
    "step",
    "progression",
    "starts",
    "cues",
    "lower",
    "top",
    "hip-thrust",
    "go",
    "x",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.sampled_from(
        ["1:30", "0:45", "2m", "3-1-X-0", "60 kg", "hip-thrust", "step", "8-12", "", "X"]
    ),
    st.text(max_size=12),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=6),
    ),
    max_leaves=30,
)
PATH = Path("random.yaml")


def check(text: str) -> None:
    located(lambda: validate_text(PATH, text))


def check_file(raw: bytes) -> None:
    """The whole way in: bytes on disk, read, decoded, parsed, validated."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.yaml"
        path.write_bytes(raw)
        located(lambda: load_session(path))


def located(load) -> None:
    try:
        load()
    except SessionFileError as exc:
        assert exc.problems, "an error must carry at least one problem"
        for problem in exc.problems:
            # A place in the file, or (0, 0): the file as a whole, said as PATH: message.
            assert (problem.line >= 1 and problem.column >= 1) or (
                problem.line,
                problem.column,
            ) == (0, 0)
            assert problem.message and "\n" not in problem.message
            assert "Traceback" not in problem.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents_only_raise_located_errors(doc):
    check(yaml.safe_dump(doc, sort_keys=False))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_only_raise_located_errors(raw):
    check_file(raw)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_good_file_with_random_bytes_spliced_in_only_raises_located_errors(data):
    good = SESSION.encode()
    at = data.draw(st.integers(0, len(good)))
    cut = data.draw(st.integers(0, 20))
    check_file(good[:at] + data.draw(st.binary(max_size=12)) + good[at + cut :])


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab:-[]{}&*!|>'\"#\n %@`,?", max_size=80))
def test_yaml_punctuation_soup_only_raises_located_errors(text):
    check(text)


SESSION = """\
name: Mixed
defaults: {get_ready: 3, rest: 8}
exercises:
  - {exercise: hip-thrust, sets: 2, reps: 2, hold: 2}
  - {exercise: good-morning, sets: 1, reps: 3}
  - {exercise: romanian-deadlift, sets: 1, reps: 2, tempo: 2-1-1-0, per_side: true, switch: 2}
  - {exercise: kettlebell-swing, intervals: {work: 4, rest: 3, rounds: 3}, rest_after: 5}
  - {exercise: kettlebell-swing, emom: {every: 6, rounds: 2, reps: 5}}
"""
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["wait", "pause", "resume", "skip", "back", "plus", "minus", "enter"]),
        st.floats(min_value=0, max_value=9, allow_nan=False),
    ),
    max_size=60,
)


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@settings(max_examples=120, deadline=None)
@given(ACTIONS)
def test_random_key_presses_keep_the_runner_consistent(actions):
    timeline = compile_timeline(validate_text(PATH, SESSION))
    clock = Clock()
    runner = Runner(timeline, clock)
    runner.start()
    fired: set[tuple[int, str, float]] = set()
    last_elapsed = 0.0

    def absorb(events):
        for event in events:
            if isinstance(event, CueDue):
                key = (event.segment, event.name, round(event.deadline, 9))
                assert key not in fired, f"cue fired twice: {key}"
                fired.add(key)

    def invariants():
        nonlocal last_elapsed
        view = runner.view()
        assert view.remaining is None or view.remaining >= 0
        assert view.remaining_total >= 0
        elapsed = runner.elapsed()
        assert elapsed >= last_elapsed - 1e-9, "elapsed time went backwards"
        last_elapsed = elapsed

    for action, amount in actions:
        if action == "wait":
            clock.now += amount
        elif action == "pause":
            runner.pause()
        elif action == "resume":
            runner.resume()
        elif action == "skip":
            runner.skip()
        elif action == "back":
            runner.back()
            fired.clear()  # going back replays what it returns to, by design
        elif action == "plus":
            runner.adjust_rest(15)
        elif action == "minus":
            runner.adjust_rest(-15)
        elif action == "enter":
            runner.finish_manual()
        absorb(runner.poll())
        invariants()

    # Then let it run to the end, pressing Enter whenever a manual set waits.
    runner.resume()
    results: list[SetResult] = []
    for _ in range(10_000):
        if runner.finished:
            break
        wake = runner.next_wakeup()
        if wake is None:
            assert runner.current.kind == "manual"
            clock.now += 1
            runner.finish_manual()
        else:
            clock.now = max(clock.now, wake)
        events = runner.poll()
        absorb(events)
        results += [e for e in events if isinstance(e, SetResult)]
        invariants()
    assert runner.finished
    assert all(status in ("done", "skipped") for status in runner.status)
    assert runner.view().remaining_total == 0
    # The total is accounted for: active time never exceeds what was spent unpaused.
    assert runner.elapsed() <= clock.now - 50.0 + 1e-6
