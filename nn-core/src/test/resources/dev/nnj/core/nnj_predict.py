import json, struct, sys
import numpy as np

def load(path):
    """Reads an nnj model file (the safetensors layout): its tensors by name, and its layers."""
    with open(path, "rb") as f:
        header_length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_length))
        data = f.read()
    metadata = header.pop("__metadata__")
    dtypes = {"F32": "<f4", "I64": "<i8"}
    tensors = {name: np.frombuffer(data[e["data_offsets"][0]:e["data_offsets"][1]], dtype=dtypes[e["dtype"]]).reshape(e["shape"])
               for name, e in header.items()}
    return tensors, json.loads(metadata["architecture"])["layers"]

def predict(path, rows):
    tensors, layers = load(path)
    a = np.asarray(rows, dtype=np.float32)
    for i, layer in enumerate(layers):
        kind = layer["kind"]
        if kind == "dense":
            a = a @ tensors[f"{i}.weight"].T + tensors[f"{i}.bias"]   # weight is out x in, as in PyTorch
        elif kind == "normalization":
            a = (a - tensors[f"{i}.center"]) / tensors[f"{i}.spread"]
        elif kind == "batchNorm":   # at prediction: the running statistics
            a = (a - tensors[f"{i}.running_mean"]) / np.sqrt(tensors[f"{i}.running_var"] + layer["epsilon"])
            a = a * tensors[f"{i}.weight"] + tensors[f"{i}.bias"]
        elif kind == "sigmoid":
            a = 1 / (1 + np.exp(-a))
        elif kind == "tanh":
            a = np.tanh(a)
        elif kind == "relu":
            a = np.maximum(a, 0)
        elif kind == "leakyRelu":
            a = np.where(a > 0, a, layer["slope"] * a)
        elif kind == "softmax":
            e = np.exp(a - a.max(axis=1, keepdims=True))
            a = e / e.sum(axis=1, keepdims=True)
        elif kind not in ("identity", "dropout"):   # dropout passes data through at prediction
            raise ValueError(f"layer {i} is a {kind}, which this reader does not handle")
    return a

if __name__ == "__main__":
    # python3 nnj_predict.py model.nnj '[[12, -3.5], [7, -2]]'
    print(json.dumps(predict(sys.argv[1], json.loads(sys.argv[2])).tolist()))
