"""Tests of the DAG's promotion rules on a real temporary directory (python3 -m unittest)."""
import json
import os
import tempfile
import unittest

import sparkfit_promote as p


class PromoteTest(unittest.TestCase):

    def test_lower_loss_and_higher_accuracy_win(self):
        self.assertTrue(p.beats({"loss": 0.4}, {"loss": 0.5}))
        self.assertFalse(p.beats({"loss": 0.5}, {"loss": 0.5}))
        self.assertTrue(p.beats({"accuracy": 0.8}, {"accuracy": 0.7}, "accuracy"))
        self.assertFalse(p.beats({"accuracy": 0.7}, {"accuracy": 0.8}, "accuracy"))
        self.assertTrue(p.beats({"loss": 9.0}, None), "no current model: the new one is promoted")
        with self.assertRaises(KeyError):
            p.beats({"loss": 0.1}, {"mae": 0.2})

    def test_promote_copies_and_swaps_the_link(self):
        with tempfile.TemporaryDirectory() as d:
            for day in ("2026-11-24", "2026-11-25"):
                os.makedirs(f"{d}/runs/{day}/model")
                with open(f"{d}/runs/{day}/model/metadata.json", "w") as f:
                    json.dump({"day": day}, f)
            current = f"{d}/models/current"
            os.makedirs(f"{d}/models")
            p.promote(f"{d}/runs/2026-11-24/model", f"{d}/models", current, "2026-11-24")
            p.promote(f"{d}/runs/2026-11-25/model", f"{d}/models", current, "2026-11-25")
            self.assertTrue(os.path.islink(current))
            with open(f"{current}/metadata.json") as f:
                self.assertEqual({"day": "2026-11-25"}, json.load(f))
            self.assertTrue(os.path.isdir(f"{d}/models/2026-11-24"), "the previous model is kept")
            self.assertFalse(os.path.lexists(current + ".tmp"))

    def test_read_metrics_of_a_missing_file_is_none(self):
        self.assertIsNone(p.read_metrics("/nonexistent/holdout.json"))


if __name__ == "__main__":
    unittest.main()
