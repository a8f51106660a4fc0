#!/usr/bin/python3
"""Writes the Keras HDF5 test fixtures beside this script, with h5py and numpy only (no TensorFlow).

The files have the layout Keras 2 writes with model.save('x.h5'): root attributes keras_version,
backend, model_config (JSON) and training_config (JSON); a model_weights group whose attributes
list layer_names, and one group per layer whose weight_names attribute lists its datasets.
Strings are stored as fixed-length byte strings, as Keras 2 does (it encodes them to UTF-8 bytes).

Run from anywhere:  /usr/bin/python3 src/test/resources/keras/make_fixtures.py
Needs: apt-get install python3-h5py python3-numpy

Fixtures (weights chosen so that outputs can be worked out by hand; see ImportKerasTest):
  regression-keras2.h5    Keras 2.2.4: Dense(2, relu, input 2) -> Dense(1, linear), loss mean_squared_error
  regression-tfkeras.h5   the same network as tf.keras 2.11 writes it (InputLayer entry, class-named initializers, loss 'mse')
  classifier-keras2.h5    Keras 2.2.4: Dense(3, softmax, input 2), loss categorical_crossentropy
  dropout-keras2.h5       Dense -> Dropout -> Dense: a layer that is not Dense (rejected)
  functional-keras2.h5    a functional Model, not Sequential (rejected)
  keras3.h5               keras_version 3.3.3 in the legacy HDF5 layout (rejected)
  keras3.keras            a Keras 3 zip file (rejected)
"""
import json
import os
import zipfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# The 2-2-1 relu network: h = relu(x @ K1 + b1), y = h @ K2 + b2
#   h1 = relu(x1 + 2*x2 + 0.5), h2 = relu(-x1 + x2 - 1), y = 2*h1 + 3*h2 + 1
K1 = np.array([[1.0, -1.0], [2.0, 1.0]], dtype=np.float32)
B1 = np.array([0.5, -1.0], dtype=np.float32)
K2 = np.array([[2.0], [3.0]], dtype=np.float32)
B2 = np.array([1.0], dtype=np.float32)

# The softmax classifier: logits = x @ K + b = (x1, x2, -x1), classes in the order 0, 1, 2
KC = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]], dtype=np.float32)
BC = np.zeros(3, dtype=np.float32)


def keras2_initializers():
    return {
        "kernel_initializer": {"class_name": "VarianceScaling",
                               "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
    }


def tfkeras_initializers():
    return {
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
    }


def dense(name, units, activation, initializers, input_dim=None):
    config = {"name": name, "trainable": True}
    if input_dim is not None:
        config["batch_input_shape"] = [None, input_dim]
    config.update({"dtype": "float32", "units": units, "activation": activation, "use_bias": True})
    config.update(initializers)
    config.update({"kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                   "kernel_constraint": None, "bias_constraint": None})
    return {"class_name": "Dense", "config": config}


def keras2_training(loss):
    return {"optimizer_config": {"class_name": "SGD",
                                 "config": {"lr": 0.01, "momentum": 0.0, "decay": 0.0, "nesterov": False}},
            "loss": loss, "metrics": [], "sample_weight_mode": None, "loss_weights": None}


def write(name, model_config, weights, keras_version="2.2.4", training_config=None):
    """weights: list of (layer name, [(weight name, array), ...]) in layer order, layers without weights included."""
    path = os.path.join(HERE, name)
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = keras_version.encode("utf8")
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = [layer.encode("utf8") for layer, _ in weights]
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = keras_version.encode("utf8")
        for layer, values in weights:
            lg = g.create_group(layer)
            lg.attrs["weight_names"] = np.array([w.encode("utf8") for w, _ in values], dtype="S")
            for w, value in values:
                lg.create_dataset(w, data=value)
    print("wrote", path)


def two_layer_weights(first="dense_1", second="dense_2"):
    return [(first, [(first + "/kernel:0", K1), (first + "/bias:0", B1)]),
            (second, [(second + "/kernel:0", K2), (second + "/bias:0", B2)])]


def main():
    ini = keras2_initializers()
    regression = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
        dense("dense_1", 2, "relu", ini, input_dim=2), dense("dense_2", 1, "linear", ini)]}}
    write("regression-keras2.h5", regression, two_layer_weights(), training_config=keras2_training("mean_squared_error"))

    tfini = tfkeras_initializers()
    tf_regression = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 2], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "dense_input"}},
        dense("dense", 2, "relu", tfini), dense("dense_1", 1, "linear", tfini)]}}
    tf_training = {"loss": "mse", "metrics": None, "weighted_metrics": None, "loss_weights": None,
                   "optimizer_config": {"class_name": "SGD", "config": {
                       "name": "SGD", "learning_rate": 0.01, "decay": 0.0, "momentum": 0.0, "nesterov": False}}}
    write("regression-tfkeras.h5", tf_regression, two_layer_weights("dense", "dense_1"),
          keras_version="2.11.0", training_config=tf_training)

    classifier = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
        dense("dense_1", 3, "softmax", ini, input_dim=2)]}}
    write("classifier-keras2.h5", classifier, [("dense_1", [("dense_1/kernel:0", KC), ("dense_1/bias:0", BC)])],
          training_config=keras2_training("categorical_crossentropy"))

    dropout = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
        dense("dense_1", 2, "relu", ini, input_dim=2),
        {"class_name": "Dropout", "config": {"name": "dropout_1", "trainable": True, "rate": 0.5,
                                             "noise_shape": None, "seed": None}},
        dense("dense_2", 1, "linear", ini)]}}
    write("dropout-keras2.h5", dropout,
          [("dense_1", two_layer_weights()[0][1]), ("dropout_1", []), ("dense_2", two_layer_weights()[1][1])],
          training_config=keras2_training("mean_squared_error"))

    functional = {"class_name": "Model", "config": {"name": "model_1", "layers": [
        {"name": "input_1", "class_name": "InputLayer",
         "config": {"batch_input_shape": [None, 2], "dtype": "float32", "sparse": False, "name": "input_1"},
         "inbound_nodes": []},
        {"name": "dense_1", "class_name": "Dense", "config": dense("dense_1", 1, "linear", ini)["config"],
         "inbound_nodes": [[["input_1", 0, 0, {}]]]}],
        "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_1", 0, 0]]}}
    write("functional-keras2.h5", functional,
          [("input_1", []), ("dense_1", [("dense_1/kernel:0", K2), ("dense_1/bias:0", B2)])],
          training_config=keras2_training("mean_squared_error"))

    write("keras3.h5", regression, two_layer_weights(), keras_version="3.3.3",
          training_config=keras2_training("mean_squared_error"))

    # A Keras 3 .keras file is a zip of config.json, metadata.json and model.weights.h5.
    with zipfile.ZipFile(os.path.join(HERE, "keras3.keras"), "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2024-01-01@00:00:00"}))
        z.writestr("config.json", json.dumps({"module": "keras", "class_name": "Sequential",
                                              "config": {"name": "sequential", "layers": []}}))
    print("wrote", os.path.join(HERE, "keras3.keras"))


if __name__ == "__main__":
    main()
