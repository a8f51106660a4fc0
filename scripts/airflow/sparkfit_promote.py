"""Promotion rules for the sparkfit retraining DAG, in plain Python (no Airflow import) so they can be
tested on their own: compare holdout metrics, and swap the `current` model atomically."""
import json
import os
import shutil

# Metrics where higher is better; every other metric (loss, mae, mse) is better when lower.
HIGHER_IS_BETTER = {"accuracy"}


def read_metrics(path):
    """The metrics JSON written by `sparkfit evaluate --metrics FILE`, or None when there is none."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def beats(new, current, metric="loss"):
    """True when `new` is strictly better than `current` on `metric` (no current model: True)."""
    if current is None:
        return True
    if metric not in new or metric not in current:
        raise KeyError(f"metric '{metric}' is not in both evaluations (new: {sorted(new)}, current: {sorted(current)})")
    if metric in HIGHER_IS_BETTER:
        return new[metric] > current[metric]
    return new[metric] < current[metric]


def promote(model_dir, models_root, current_link, version):
    """Copies `model_dir` to `models_root/version` and points the `current_link` symlink at it.

    The copy goes to a temporary name first and is renamed; the link is replaced with os.replace,
    which is atomic on POSIX: a reader of `current_link` sees the old model or the new one, never a mix.
    """
    target = os.path.join(models_root, version)
    if not os.path.exists(target):
        tmp = target + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(model_dir, tmp)
        os.replace(tmp, target)
    tmp_link = current_link + ".tmp"
    if os.path.lexists(tmp_link):
        os.remove(tmp_link)
    os.symlink(os.path.abspath(target), tmp_link)
    os.replace(tmp_link, current_link)
    return target
