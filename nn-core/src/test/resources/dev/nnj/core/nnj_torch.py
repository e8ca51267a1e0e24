import json, struct
import numpy as np
import torch

def read_safetensors(path):
    """The tensors and metadata of a safetensors file (an nnj model file is one), with numpy alone."""
    with open(path, "rb") as f:
        header_length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_length))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    dtypes = {"F32": "<f4", "I64": "<i8"}
    tensors = {name: torch.from_numpy(np.frombuffer(data[e["data_offsets"][0]:e["data_offsets"][1]],
                                                    dtype=dtypes[e["dtype"]]).reshape(e["shape"]).copy())
               for name, e in header.items()}
    return tensors, metadata

class Normalization(torch.nn.Module):
    """nnj's normalization layer, y = (x - center) / spread; center and spread are state_dict buffers."""
    def __init__(self, width):
        super().__init__()
        self.register_buffer("center", torch.zeros(width))
        self.register_buffer("spread", torch.ones(width))

    def forward(self, x):
        return (x - self.center) / self.spread

def module(layer):
    """The torch module of one nnj layer, given its entry in the file's architecture."""
    kind = layer["kind"]
    if kind == "dense":
        return torch.nn.Linear(layer["in"], layer["out"])
    if kind == "normalization":
        return Normalization(layer["width"])
    if kind == "batchNorm":
        return torch.nn.BatchNorm1d(layer["width"], eps=layer["epsilon"], momentum=layer["momentum"])
    if kind == "dropout":
        return torch.nn.Dropout(layer["rate"])
    if kind == "leakyRelu":
        return torch.nn.LeakyReLU(layer["slope"])
    if kind == "softmax":
        return torch.nn.Softmax(dim=1)
    simple = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "identity": torch.nn.Identity}
    return simple[kind]()

def to_torch(path):
    """An nnj model file as a torch.nn.Sequential of the same layers and weights, in eval mode."""
    tensors, metadata = read_safetensors(path)
    net = torch.nn.Sequential(*[module(layer) for layer in json.loads(metadata["architecture"])["layers"]])
    net.load_state_dict(tensors)   # strict: every name and shape must fit
    return net.eval()
