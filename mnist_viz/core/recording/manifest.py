"""The manifest of a recording, read without trusting it: every field the reader uses checked
for its type and range, each failure one line naming the field.

No Qt in this module.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import NamedTuple

from .. import events as ev
from .. import networks
from ..config import TrainConfig
from ..datasets import DATASETS
from ..stats import PART as DISTRIBUTIONS
from .format import (FORMAT, FORMAT_VERSION, MAX_ARCH_TEXT, MAX_CHUNKS, MAX_EVALUATIONS, MAX_METRIC_FILES,
                     MAX_METRIC_STEPS, MAX_SNAPSHOTS, MAX_STEP, MAX_STEPS_PER_CHUNK, MAX_TEXT, METRICS, PART_SHAPES,
                     RecordingError, part_shapes)
from .validate import _echo, _Fields

#: Ranges of TrainConfig's whole-number fields (the control panel's spin boxes take 32-bit numbers).
_CONFIG_RANGES = {"steps": (0, MAX_STEP), "batch_size": (1, MAX_STEP), "eval_every": (0, MAX_STEP),
                  "seed": (-2**31, 2**31 - 1)}


class _Parsed(NamedTuple):
    model: str
    config: dict
    run: dict | None
    arrays: dict
    chunks: list[tuple[str, tuple[int, ...]]]
    metrics: str | None                        # format 1's single metrics file
    metric_files: list[tuple[str, int, int]]   # format 2's: (file, steps, evaluations)
    version: int


def _parse_manifest(manifest: object, where: Path) -> _Parsed:
    """The manifest's fields the reader uses, each checked; RecordingError otherwise."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RecordingError(f"{where} is not an mnist-viz recording manifest; give the folder "
                             "written by 'mnist-viz train --record'")
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise RecordingError(f"{where} has no valid format_version ({_echo(version)}); the recording is damaged")
    if version > FORMAT_VERSION:
        raise RecordingError(f"{where} was written by a newer mnist-viz (recording format "
                             f"{version}; this version reads up to {FORMAT_VERSION}); update mnist-viz")
    for key in ("model", "config", "chunks") + (("metric_files",) if version >= 2 else ()):
        if key not in manifest:
            raise RecordingError(f"{where} lacks a required entry ({key!r}); the recording is damaged")
    f = _Fields(where)
    model = _model(f, manifest)
    shapes = part_shapes(model)

    config = manifest["config"]
    f.kind(config, "config", (dict,), "an object of training settings")
    defaults = TrainConfig().to_dict()
    for name, value in config.items():
        if name not in defaults:
            continue  # a setting of a newer mnist-viz: not used here
        label = f"config.{name}"
        default = defaults[name]
        if name == "keep_prob" and value is None:
            continue  # every dropout kept its architecture's P
        if isinstance(default, str):
            f.text(value, label, MAX_ARCH_TEXT if name == "model" else MAX_TEXT)
        elif isinstance(default, int):
            f.integer(value, label, *_CONFIG_RANGES.get(name, (0, MAX_STEP)))
        else:
            f.number(value, label)
    if config.get("model", model) != model and _identifier(config["model"]) != model:
        f.fail(f"config.model is {_echo(config['model'])} but model is {_echo(model)}")

    run = manifest.get("run")
    if run is not None:
        f.kind(run, "run", (dict,), "an object (the run's start) or null")
        known = {}
        for field in dataclasses.fields(ev.RunStarted):
            if field.name not in run:
                continue
            value, label = run[field.name], f"run.{field.name}"
            if field.name in ("model", "preset", "device"):
                known[field.name] = f.text(value, label, MAX_ARCH_TEXT if field.name == "model" else MAX_TEXT)
            elif field.name == "steps_per_epoch":
                known[field.name] = f.number(value, label)
                if value <= 0:
                    f.fail(f"{label} is {_echo(value)}, not a positive number")
            else:
                known[field.name] = f.integer(value, label, 0, 2**53 if field.name == "parameters" else MAX_STEP)
        if known.get("model", model) != model and _identifier(known["model"]) != model:
            f.fail(f"run.model is {_echo(known['model'])} but model is {_echo(model)}")
        if "model" in known:
            known["model"] = model
        required = {field.name for field in dataclasses.fields(ev.RunStarted)
                    if field.default is dataclasses.MISSING}
        run = known if required <= set(known) else None  # an older writer's: rebuilt from the config

    arrays = manifest.get("arrays") or {}
    f.kind(arrays, "arrays", (dict,), "an object")
    known_arrays = {}
    other_parts = {part for known_shapes in PART_SHAPES.values() for part in known_shapes} - set(shapes)
    for part, entry in arrays.items():
        if part == DISTRIBUTIONS:
            f.kind(entry, f"arrays.{part}", (dict,), "an object")
            known_arrays[part] = entry
        elif part in shapes:
            f.kind(entry, f"arrays.{part}", (dict,), 'an object {"shape": [...], "dtype": "..."}')
            shape, dtype = entry.get("shape"), entry.get("dtype")
            if shape != list(shapes[part]):
                f.fail(f"arrays.{part}.shape is {_echo(shape)}; the {networks.title(model)} model's {part} is "
                       f"{list(shapes[part])}")
            if dtype not in ("float16", "float32", "float64"):
                f.fail(f"arrays.{part}.dtype is {_echo(dtype)}, not float16, float32 or float64")
            known_arrays[part] = entry
        elif part in other_parts:
            f.fail(f"arrays names the part {part!r}, which the {networks.title(model)} model does not have")
        # any other name: a part of a newer mnist-viz, not read here

    for key in ("every_steps", "requested_every_steps"):
        if manifest.get(key) is not None:
            f.integer(manifest[key], key, 1)
    if manifest.get("max_bytes") is not None:
        f.integer(manifest["max_bytes"], "max_bytes", 0, 2**63)
    if manifest.get("steps_recorded") is not None:
        f.integer(manifest["steps_recorded"], "steps_recorded")
    if manifest.get("snapshots_stopped_at") is not None:
        f.integer(manifest["snapshots_stopped_at"], "snapshots_stopped_at")
    if "thinned" in manifest:
        f.kind(manifest["thinned"], "thinned", (bool,), "true or false")
    for key in ("app_version", "created", "updated", "finished"):
        if manifest.get(key) is not None:
            f.text(manifest[key], key)
    if "error" in manifest:
        f.kind(manifest["error"], "error", (str,), "a text")
    for key in ("diverged", "final"):
        if manifest.get(key) is not None:
            f.kind(manifest[key], key, (dict,), "an object or null")
    for key in ("parts", "evaluations"):
        if key in manifest:
            f.kind(manifest[key], key, (list,), "a list")
    for k, part in enumerate(manifest.get("parts") or []):
        f.text(part, f"parts[{k}]")
    dataset = manifest.get("dataset")
    if dataset is not None:
        if not isinstance(dataset, str) or dataset not in DATASETS:
            f.fail(f"dataset is {_echo(dataset)}, not one this mnist-viz knows ({', '.join(DATASETS)})",
                   "it was written by another program or a newer mnist-viz: update mnist-viz")

    metrics, metric_files = None, []
    if version == 1:
        metrics = manifest.get("metrics")
        metrics = METRICS if metrics is None else metrics
        if not isinstance(metrics, str):
            f.fail(f"the metrics file name is {_echo(metrics)}, not a text")
    else:
        metric_files = _metric_files(f, manifest["metric_files"])
    for key in ("flush_seconds", "heartbeat_seconds"):
        if manifest.get(key) is not None:
            f.number(manifest[key], key)

    listed = manifest["chunks"]
    f.kind(listed, "chunks", (list,), "a list")
    if len(listed) > MAX_CHUNKS:
        f.fail(f"it lists {len(listed):,} chunks; mnist-viz reads at most {MAX_CHUNKS:,}")
    chunks, names, previous, total = [], set(), -1, 0
    for k, chunk in enumerate(listed):
        if not isinstance(chunk, dict) or "file" not in chunk or "steps" not in chunk:
            f.fail(f'chunks[{k}] is {_echo(chunk)}, not {{"file": ..., "steps": [...]}}')
        name, steps = chunk["file"], chunk["steps"]
        if not isinstance(name, str):
            f.fail(f"chunks[{k}].file is {_echo(name)}, not a file name")
        if name in names:
            f.fail(f"the chunk {_echo(name)} is listed twice")
        names.add(name)
        f.kind(steps, f"chunks[{k}].steps", (list,), "a list of steps")
        if len(steps) > MAX_STEPS_PER_CHUNK:
            f.fail(f"chunks[{k}] lists {len(steps):,} steps; a chunk holds at most {MAX_STEPS_PER_CHUNK:,}")
        total += len(steps)
        if total > MAX_SNAPSHOTS:
            f.fail(f"it lists more than {MAX_SNAPSHOTS:,} snapshots, more than mnist-viz reads")
        for step in steps:
            f.integer(step, f"a step of chunks[{k}]")
            if step <= previous:
                f.fail(f"chunks[{k}] lists the step {step:,} after the step {previous:,}; snapshot steps "
                       "increase, each listed once")
            previous = step
        chunks.append((name, tuple(steps)))
    return _Parsed(model, dict(config), run, known_arrays, chunks, metrics, metric_files, version)


def _identifier(text: object) -> str | None:
    """The model identifier ``text`` names, or None."""
    try:
        return networks.model_id(text) if isinstance(text, str) and len(text) <= MAX_ARCH_TEXT else None
    except ValueError:
        return None


def _model(f: _Fields, manifest: dict) -> str:
    """The recorded model's identifier, from ``model`` and (written since architectures exist)
    ``arch``, checked: softmax or cnn, or an architecture this mnist-viz builds for the data set."""
    model, arch_text = manifest["model"], manifest.get("arch")
    if arch_text is None and model in PART_SHAPES:
        return model
    if arch_text is None and not (isinstance(model, str) and "," in model):
        f.fail(f"model is {_echo(model)}, not one this mnist-viz knows ({', '.join(PART_SHAPES)})",
               "it was written by another program or a newer mnist-viz: update mnist-viz")
    text = f.text(model if arch_text is None else arch_text, "model" if arch_text is None else "arch", MAX_ARCH_TEXT)
    dataset = manifest.get("dataset") if isinstance(manifest.get("dataset"), str) else "mnist"
    try:
        identifier = networks.model_id(text, dataset if dataset in DATASETS else "mnist")
    except ValueError as err:
        f.fail(f"its architecture {_echo(text)} cannot be built: {' '.join(str(err).split())}",
               "it was written by a newer mnist-viz or edited by hand")
    if model != identifier and _identifier(model) != identifier:
        f.fail(f"model is {_echo(model)} but arch is {_echo(arch_text)}: not the same network")
    return identifier


def _metric_files(f: _Fields, listed: object) -> list[tuple[str, int, int]]:
    """Format 2's ``metric_files``: ``[{"file", "steps", "evaluations"}, ...]``, each file once."""
    f.kind(listed, "metric_files", (list,), "a list")
    if len(listed) > MAX_METRIC_FILES:
        f.fail(f"it lists {len(listed):,} metrics files; mnist-viz reads at most {MAX_METRIC_FILES:,}")
    files, names, steps, evaluations = [], set(), 0, 0
    for k, entry in enumerate(listed):
        if not isinstance(entry, dict) or not {"file", "steps", "evaluations"} <= set(entry):
            f.fail(f'metric_files[{k}] is {_echo(entry)}, not {{"file": ..., "steps": N, "evaluations": N}}')
        name = entry["file"]
        if not isinstance(name, str):
            f.fail(f"metric_files[{k}].file is {_echo(name)}, not a file name")
        if name in names:
            f.fail(f"the metrics file {_echo(name)} is listed twice")
        names.add(name)
        steps += f.integer(entry["steps"], f"metric_files[{k}].steps", 0, MAX_METRIC_STEPS)
        evaluations += f.integer(entry["evaluations"], f"metric_files[{k}].evaluations", 0, MAX_EVALUATIONS)
        if steps > MAX_METRIC_STEPS or evaluations > MAX_EVALUATIONS:
            f.fail(f"its metrics files list more than {MAX_METRIC_STEPS:,} steps or {MAX_EVALUATIONS:,} "
                   "evaluations, more than mnist-viz reads")
        files.append((name, entry["steps"], entry["evaluations"]))
    return files


_JSON_SYNTAX = re.compile(r'\\.|["\[\]{}]', re.DOTALL)


def _json_depth(text: str, limit: int) -> int:
    """How deep ``text``'s lists and objects nest, brackets in strings aside (counting stops past ``limit``)."""
    depth = deepest = 0
    in_string = False
    for match in _JSON_SYNTAX.finditer(text):
        token = match.group()
        if token == '"':
            in_string = not in_string
        elif in_string or len(token) == 2:
            continue
        elif token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")

