# PyTorchInteropTest's side in Python (torch and numpy; no safetensors package needed).
#   python3 torch_roundtrip.py torch-to-nnj OUT.safetensors   trains a torch net, saves its state_dict, prints rows and outputs
#   python3 torch_roundtrip.py nnj-to-torch MODEL.nnj ROWS    loads an nnj file with nnj_torch.to_torch, prints its outputs
import json, os, struct, sys
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nnj_torch import to_torch

def save_file(tensors, path):
    """What safetensors.torch.save_file writes: 8-byte header length, JSON header padded to 8, raw little-endian data."""
    dtypes = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        dtype, layout = dtypes[t.dtype]
        data = t.detach().contiguous().numpy().astype(layout).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))

def torch_to_nnj(path):
    torch.manual_seed(7)
    net = torch.nn.Sequential(
        torch.nn.Linear(4, 16), torch.nn.BatchNorm1d(16), torch.nn.ReLU(), torch.nn.Dropout(0.2),
        torch.nn.Linear(16, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.LeakyReLU(0.1), torch.nn.Identity(),
        torch.nn.Linear(8, 6), torch.nn.Sigmoid(), torch.nn.Linear(6, 3), torch.nn.Softmax(dim=1))
    # A few training steps, so the weights and batch norm's running statistics are not their initial values.
    x = torch.randn(64, 4) * 2 + 1
    y = torch.randint(0, 3, (64,))
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(20):
        optimizer.zero_grad()
        torch.nn.functional.nll_loss(torch.log(net(x)), y).backward()
        optimizer.step()
    net.eval()
    save_file(net.state_dict(), path)
    rows = torch.randn(20, 4) * 3
    with torch.no_grad():
        print(json.dumps({"names": list(net.state_dict().keys()), "rows": rows.tolist(), "outputs": net(rows).tolist()}))

def nnj_to_torch(path, rows):
    net = to_torch(path)
    with torch.no_grad():
        print(json.dumps(net(torch.tensor(json.loads(rows), dtype=torch.float32)).tolist()))

if __name__ == "__main__":
    if sys.argv[1] == "torch-to-nnj":
        torch_to_nnj(sys.argv[2])
    else:
        nnj_to_torch(sys.argv[2], sys.argv[3])
