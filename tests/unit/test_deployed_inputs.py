"""The `sbom` and `environment` inputs: lists of paths inside the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from starlette_2093_check.config import ActionConfig, ConfigError


def _env(tmp_path: Path, **inputs: str) -> dict[str, str]:
    return {
        "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_REPOSITORY": "acme/shop",
        **{f"INPUT_{k.upper()}": v for k, v in inputs.items()},
    }


def test_paths_are_read_comma_or_line_separated(tmp_path: Path) -> None:
    config = ActionConfig.from_environ(
        _env(
            tmp_path,
            sbom="image.cdx.json, dist/app.spdx.json",
            environment="frozen.txt\nimage/site-packages\n",
        )
    )
    assert config.sboms == ("image.cdx.json", "dist/app.spdx.json")
    assert config.environments == ("frozen.txt", "image/site-packages")
    assert ActionConfig.from_environ(_env(tmp_path)).sboms == ()


@pytest.mark.parametrize("value", ["/opt/venv/lib/python3.12/site-packages", "../image/site-packages"])
def test_a_path_out_of_the_workspace_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="input `environment` must list paths inside the workspace"):
        ActionConfig.from_environ(_env(tmp_path, environment=value))
