"""The benchmark runner's housekeeping: nothing it clears between builds is deleted before the end."""

from __future__ import annotations

from bench.run import Trash


def test_trash_moves_folders_aside_and_deletes_them_only_when_emptied(tmp_path):
    trash = Trash(tmp_path)
    for name in ("cache", "site"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "page.html").write_text(name)
    twin = tmp_path / "other" / "site"  # a second folder of the same name must not collide
    twin.mkdir(parents=True)

    for folder in (tmp_path / "cache", tmp_path / "site", twin, tmp_path / "missing"):
        trash.put(folder)

    assert not (tmp_path / "cache").exists() and not (tmp_path / "site").exists() and not twin.exists()
    assert len(list((tmp_path / "trash").iterdir())) == 3
    held = sorted(page.read_text() for page in (tmp_path / "trash").rglob("page.html"))
    assert held == ["cache", "site"]

    trash.empty()
    assert not (tmp_path / "trash").exists()
