"""Only changed cells go to the terminal, and the terminal ends up showing exactly what
the full updates would have shown: checked against pyte, a terminal emulator of its own."""

from __future__ import annotations

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.interface.cell_diff import CellDiff

WIDTH, HEIGHT = 12, 5
STYLES = [
    "",
    "1",
    "38;5;71",
    "38;5;253;48;5;16",
    "7",
    "1;38;5;115",
    "1;7;38;5;253;48;5;16",
    "3;4;48;5;52",
    "9;38;2;10;20;30",
    "32;41",
]
CHARS = ["a", "b", " ", "█", "━", "·", "世", "2"]


def styled(text: str, sgr: str) -> str:
    return f"\x1b[{sgr}m{text}\x1b[0m" if sgr else text


def move(x: int, y: int) -> str:
    return f"\x1b[{y + 1};{x + 1}H"


def terminal() -> tuple[pyte.Screen, pyte.Stream]:
    screen = pyte.Screen(WIDTH, HEIGHT)
    return screen, pyte.Stream(screen)


Cell = tuple[str, str, str, bool, bool, bool, bool, bool]
Shown = list[list[Cell | None]]


def shown(screen: pyte.Screen) -> Shown:
    """Each cell's character and style; None where the two halves of a wide character
    were written apart (terminals differ there: xterm blanks the other half, pyte keeps
    it, and Textual never writes half a wide character)."""
    rows: Shown = []
    for y in range(HEIGHT):
        cells = [screen.buffer[y][x] for x in range(WIDTH)]
        row: list[Cell | None] = []
        for x, c in enumerate(cells):
            wide = c.data == "世"
            half = c.data == ""
            torn = (wide and (x + 1 == WIDTH or cells[x + 1].data != "")) or (
                half and (x == 0 or cells[x - 1].data != "世")
            )
            style = (c.bold, c.reverse, c.italics, c.underscore, c.strikethrough)
            row.append(None if torn else (c.data, c.fg, c.bg, *style))
        rows.append(row)
    return rows


def same(a: Shown, b: Shown) -> bool:
    return all(
        p == q or p is None or q is None
        for row_a, row_b in zip(a, b, strict=True)
        for p, q in zip(row_a, row_b, strict=True)
    )


@st.composite
def writes(draw: st.DrawFn) -> str:
    """One update as Textual's compositor writes it: runs of styled text at positions."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        y = draw(st.integers(0, HEIGHT - 1))
        x = draw(st.integers(0, WIDTH - 1))
        parts.append(move(x, y))
        room = WIDTH - x
        for _ in range(draw(st.integers(1, 3))):
            chars = draw(st.lists(st.sampled_from(CHARS), min_size=1, max_size=5))
            text = ""
            for char in chars:
                size = 2 if char == "世" else 1
                if size > room:
                    break
                text += char
                room -= size
            if not text:
                break
            parts.append(styled(text, draw(st.sampled_from(STYLES))))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.lists(writes(), min_size=1, max_size=12))
def test_the_terminal_shows_what_the_full_updates_would_have(updates: list[str]) -> None:
    full, full_stream = terminal()
    diffed, diffed_stream = terminal()
    diff = CellDiff()
    diff.fit(WIDTH, HEIGHT)
    clear = move(0, 0) + "\n".join(" " * WIDTH for _ in range(HEIGHT))  # a first full frame
    for update in [clear, *updates]:
        full_stream.feed(update)
        diffed_stream.feed(diff.update(update))
        assert same(shown(diffed), shown(full))


def test_an_update_that_changes_nothing_sends_nothing() -> None:
    diff = CellDiff()
    diff.fit(WIDTH, HEIGHT)
    frame = move(0, 1) + styled("██  ██", "38;5;253;48;5;16") + move(0, 2) + "next"
    assert diff.update(frame) != ""
    assert diff.update(frame) == ""


def test_one_changed_cell_is_one_move_and_one_cell() -> None:
    diff = CellDiff()
    diff.fit(WIDTH, HEIGHT)
    diff.update(move(0, 0) + styled("0:12 to go", "38;5;247"))
    sent = diff.update(move(0, 0) + styled("0:11 to go", "38;5;247"))
    assert sent == move(3, 0) + styled("1", "38;5;247")


def test_a_style_change_alone_rewrites_the_cells_in_the_new_style() -> None:
    diff = CellDiff()
    diff.fit(WIDTH, HEIGHT)
    diff.update(move(2, 3) + styled("━━━", "38;5;71"))
    assert diff.update(move(2, 3) + styled("━━━", "38;5;253")) == move(2, 3) + styled(
        "━━━", "38;5;253"
    )


def test_close_changes_on_a_row_go_in_one_run() -> None:
    diff = CellDiff()
    diff.fit(WIDTH, HEIGHT)
    diff.update(move(0, 0) + "abcdefghij")
    assert diff.update(move(0, 0) + "Abcdefghij") == move(0, 0) + "A"
    assert diff.update(move(0, 0) + "abCdEfghij") == move(0, 0) + "abCdE"  # gap re-sent
    # Further along the same row, the cursor moves on from where it is (8 cells here).
    assert diff.update(move(0, 0) + "AbCdEfghi!") == move(0, 0) + "A" + "\x1b[8C" + "!"


def test_what_it_cannot_read_goes_out_whole_and_the_next_update_in_full() -> None:
    diff = CellDiff()
    diff.fit(WIDTH, HEIGHT)
    frame = move(0, 0) + "abc"
    diff.update(frame)
    link = move(0, 1) + "\x1b]8;id=1;https://example.org\x1b\\x\x1b]8;;\x1b\\"
    assert diff.update(link) == link
    assert diff.update(frame) == frame  # nothing is taken as known after it


def test_a_new_size_or_forget_sends_the_next_update_in_full() -> None:
    diff = CellDiff()
    diff.fit(WIDTH, HEIGHT)
    frame = move(0, 0) + "abc"
    diff.update(frame)
    diff.forget()
    assert diff.update(frame) == frame
    diff.fit(WIDTH + 1, HEIGHT)
    assert diff.update(frame) == frame
    diff.fit(WIDTH + 1, HEIGHT)  # the same size again keeps what is known
    assert diff.update(frame) == ""


def test_a_write_past_the_screen_goes_out_as_it_came() -> None:
    diff = CellDiff()
    diff.fit(WIDTH, HEIGHT)
    beyond = move(0, HEIGHT + 2) + "abc"
    assert diff.update(beyond) == beyond
