"""Sync conflicts are shown in the app until resolved, not only by `relinbox sync`."""

from __future__ import annotations

import dataclasses

from relinbox.core.store import Store
from relinbox.services import sync

RAVI = "demo-17-ravi.shah"


def _make_conflict(store_path, folder, clock) -> None:
    folder.mkdir()
    with Store.open(store_path) as store:
        (first,) = sync.sync_addressbooks(store, [sync.adhoc_book(folder)], now=clock.now())
        assert first.pushed > 0 and not first.conflicts
        item = next(p for p in folder.glob("*.vcf") if b"Ravi Shah" in p.read_bytes())
        item.write_bytes(item.read_bytes().replace(b"FN:Ravi Shah", b"FN:Ravi K. Shah"))
        ravi = store.contact(RAVI)
        store.put(dataclasses.replace(ravi, notes="changed in relinbox"))
        (second,) = sync.sync_addressbooks(store, [sync.adhoc_book(folder)], now=clock.now())
        assert [c.uid for c in second.conflicts] == [RAVI]


async def test_a_pending_conflict_is_announced_with_how_to_resolve_it(
    make, ready, wait_for, demo_path, tmp_path, clock
):
    _make_conflict(demo_path, tmp_path / "book", clock)
    app = make()
    shown: list[tuple[str, str]] = []
    notify = app.notify

    def capture(message, *, title="", **kwargs):
        shown.append((title, message))
        return notify(message, title=title, **kwargs)

    app.notify = capture
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: any("conflict" in title for title, _ in shown))
    title, message = next((t, m) for t, m in shown if "conflict" in t)
    assert title == "1 sync conflict"
    assert "Ravi Shah" in message and "--resolve" in message


async def test_no_conflicts_no_notice(make, ready, wait_for):
    app = make()
    shown: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kwargs: (shown.append(kwargs.get("title", "")),
                                            notify(message, **kwargs))[1]
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: not any(w.group == "conflicts" and w.is_running
                                              for w in app.workers))
    assert not any("conflict" in title for title in shown)
