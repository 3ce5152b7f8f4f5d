"""Text helpers: folding for comparison, and columns measured in terminal cells."""

from __future__ import annotations

import pytest

from relinbox.core.text import cells, fold, pad_to_cells


def test_fold_ignores_accents_case_and_spacing():
    assert fold("  Zoë  ÅLUND ") == "zoe alund"


@pytest.mark.parametrize(("text", "width", "padded"), [
    ("Ada", 6, "Ada   "),
    ("Ada Lovelace", 6, "Ada L…"),
    ("太郎 山田", 12, "太郎 山田   "),  # 9 cells
    ("太郎 山田 太郎", 8, "太郎 山…"),
    ("太郎 山田 太郎", 7, "太郎 … "),  # a wide character is never cut in half
    ("Jose\u0301", 6, "Jose\u0301  "),  # a combining accent takes no cell
])  # fmt: skip
def test_pad_to_cells_gives_exactly_the_width_in_terminal_cells(text, width, padded):
    result = pad_to_cells(text, width)
    assert result == padded
    assert sum(map(cells, result)) == width
