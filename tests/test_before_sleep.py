"""`before_sleep`: a callback runs once the loop has nothing ready, just before it sleeps."""

from __future__ import annotations

import asyncio

from coach.interface.before_sleep import BeforeSleep, before_sleep


def test_it_runs_after_everything_ready_and_before_the_sleep():
    order: list[str] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        hook = before_sleep(loop)
        assert hook is before_sleep(loop) and hook.supported
        hook.call(lambda: order.append("before sleep"))
        hook.call(lambda: order.append("and the next"))
        loop.call_soon(lambda: order.append("ready"))
        loop.call_soon(lambda: loop.call_soon(lambda: order.append("ready after that")))
        loop.call_later(0.001, lambda: order.append("woken"))
        await asyncio.sleep(0.01)
        order.append("end")

    asyncio.run(main())
    assert order == ["ready", "ready after that", "before sleep", "and the next", "woken", "end"]


def test_each_call_runs_once_and_a_failure_stays_out_of_the_loop():
    runs: list[str] = []
    failures: list[object] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda _loop, context: failures.append(context["exception"]))
        hook = before_sleep(loop)
        hook.call(lambda: 1 / 0)
        hook.call(lambda: runs.append("ran"))
        await asyncio.sleep(0.005)
        await asyncio.sleep(0.005)

    asyncio.run(main())
    assert runs == ["ran"]
    assert [type(f) for f in failures] == [ZeroDivisionError]


def test_a_loop_without_a_selector_runs_it_at_once():
    class NoSelector:
        def call_exception_handler(self, context) -> None:
            raise AssertionError(context)

    ran: list[int] = []
    hook = BeforeSleep(NoSelector())  # type: ignore[arg-type]
    assert not hook.supported
    hook.call(lambda: ran.append(1))
    assert ran == [1]


def test_a_loop_that_never_sleeps_runs_it_all_the_same(monkeypatch):
    import coach.interface.before_sleep as module

    monkeypatch.setattr(module, "WAIT_AT_MOST_S", 0.0)
    order: list[str] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        before_sleep(loop).call(lambda: order.append("due"))
        for _ in range(3):  # every look at the selector has a zero time-out
            order.append("busy")
            await asyncio.sleep(0)

    asyncio.run(main())
    assert order[:2] == ["busy", "due"], order
