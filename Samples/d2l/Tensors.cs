using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 2.1 and 2.3 with TorchSharp tensors, as the book does them with PyTorch's.</summary>
public static class Tensors
{
    public static void DataManipulation(SampleRun run)
    {
        var x = arange(12, float32);
        run.Show("x", x);
        run.Show("x.shape", x.shape);
        run.Show("x.numel()", x.numel());
        var X = x.reshape(3, 4);
        run.Show("X = x.reshape(3, 4)", X);
        run.Show("zeros(2, 3, 4).shape", zeros(2, 3, 4).shape);
        run.Show("tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])", tensor(new float[,] { { 2, 1, 4, 3 }, { 1, 2, 3, 4 }, { 4, 3, 2, 1 } }));

        var a = tensor(new[] { 1.0f, 2, 4, 8 });
        var b = tensor(new[] { 2.0f, 2, 2, 2 });
        run.Show("x + y", a + b);
        run.Show("x - y", a - b);
        run.Show("x * y", a * b);
        run.Show("x / y", a / b);
        run.Show("x ** y", a.pow(b));
        run.Show("exp(x)", a.exp());

        var Y = tensor(new float[,] { { 2, 1, 4, 3 }, { 1, 2, 3, 4 }, { 4, 3, 2, 1 } });
        run.Show("cat((X, Y), dim=0).shape", cat([X, Y], 0).shape);
        run.Show("cat((X, Y), dim=1)", cat([X, Y], 1));
        run.Show("X == Y", X.eq(Y));
        run.Show("X.sum()", X.sum());

        // Broadcasting: a (3, 1) and a (1, 2) tensor are both expanded to (3, 2).
        var column = arange(3).reshape(3, 1);
        var row = arange(2).reshape(1, 2);
        run.Show("a + b (broadcast)", column + row);

        run.Show("X[-1]", X[-1]);
        run.Show("X[1:3]", X[TensorIndex.Slice(1, 3)]);
        X[1, 2] = tensor(9f);
        X[TensorIndex.Slice(0, 2), TensorIndex.Colon] = tensor(12f);
        run.Show("X after X[1, 2] = 9 and X[0:2, :] = 12", X);

        // Saving memory: Y = Y + X makes a new tensor, in-place updates do not (the book compares id()s).
        var before = Y;
        Y = Y + X;
        run.Show("id(Y) == before after Y = Y + X", ReferenceEquals(Y, before));
        var Z = zeros_like(Y);
        run.Show("id(Z) unchanged after Z[:] = X + Y", ReferenceEquals(Z.copy_(X + Y), Z));
        run.Show("id(X) unchanged after X += Y", ReferenceEquals(X.add_(Y), X));

        var A = X.data<float>().ToArray();
        run.Show("type(X.numpy()) ~ float[] of length", A.Length);
        run.Show("tensor([3.5]).item()", tensor(new[] { 3.5f }).item<float>());
    }

    public static void LinearAlgebra(SampleRun run)
    {
        var x = tensor(3.0f);
        var y = tensor(2.0f);
        run.Show("x + y, x * y, x / y, x ** y", new[] { (x + y).item<float>(), (x * y).item<float>(), (x / y).item<float>(), x.pow(y).item<float>() });
        var v = arange(4);
        run.Show("x = arange(4)", v);
        run.Show("x[3]", v[3].item<long>());
        run.Show("len(x)", v.shape[0]);
        var A = arange(20, float32).reshape(5, 4);
        run.Show("A.T", A.T);
        var B = tensor(new float[,] { { 1, 2, 3 }, { 2, 0, 4 }, { 3, 4, 5 } });
        run.Show("B == B.T (symmetric)", B.eq(B.T).all().item<bool>());
        run.Show("arange(24).reshape(2, 3, 4).shape", arange(24).reshape(2, 3, 4).shape);
        var Bc = A.clone();
        run.Show("A * B (Hadamard)", A * Bc);
        run.Show("(2 + X).shape", (2 + arange(24).reshape(2, 3, 4)).shape);

        var xf = arange(4, float32);
        run.Show("x.sum()", xf.sum());
        run.Show("A.sum(axis=0)", A.sum(0L));
        run.Show("A.sum(axis=1)", A.sum(1));
        run.Show("A.mean(), A.sum() / A.numel()", new[] { A.mean().item<float>(), A.sum().item<float>() / A.numel() });
        run.Show("A.mean(axis=0)", A.mean([0L]));
        var sumA = A.sum(1, keepdim: true);
        run.Show("A / A.sum(axis=1, keepdims=True)", A / sumA);
        run.Show("A.cumsum(axis=0)", A.cumsum(0));

        var ones4 = ones(4, float32);
        run.Show("dot(x, y)", dot(xf, ones4).item<float>());
        run.Show("mv(A, x)", mv(A, xf));
        run.Show("mm(A, ones(4, 3))", mm(A, ones(4, 3)));
        var u = tensor(new[] { 3.0f, -4.0f });
        run.Show("norm(u)", u.norm().item<float>());
        run.Show("abs(u).sum()", u.abs().sum().item<float>());
        run.Show("norm(ones((4, 9)))", ones(4, 9).norm().item<float>());
    }
}
