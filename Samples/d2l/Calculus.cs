using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 2.4 (the derivative as a limit) and 2.5 (autograd) with TorchSharp.</summary>
public static class Calculus
{
    public static void Derivatives(SampleRun run)
    {
        // f(x) = 3x² − 4x; (f(1 + h) − f(1)) / h approaches f'(1) = 2.
        static double F(double x) => 3 * x * x - 4 * x;
        double h = 0.1;
        for (int i = 0; i < 5; i++)
        {
            run.Line($"h={h:0.#####}, numerical limit={(F(1 + h) - F(1)) / h:0.#####}");
            h *= 0.1;
        }
        // The tangent line at x = 1: y = 2x − 3 (the book plots it next to f).
        run.Line($"tangent at x=1: y = {(F(1 + 1e-6) - F(1)) / 1e-6:0.###}x {F(1) - 2:+0.###;-0.###}");
    }

    public static void Autograd(SampleRun run)
    {
        var x = arange(4.0f).requires_grad_(true);
        var y = 2 * dot(x, x);
        run.Show("y = 2 * dot(x, x)", y.item<float>());
        y.backward();
        run.Show("x.grad", x.grad!);
        run.Show("x.grad == 4 * x", x.grad!.eq(4 * x).all().item<bool>());

        x.grad.zero_();
        x.sum().backward();
        run.Show("grad of x.sum()", x.grad!);

        x.grad.zero_();
        (x * x).sum().backward(); // the book's y.sum().backward() for a non-scalar y = x * x
        run.Show("grad of (x * x).sum()", x.grad!);

        // Detaching: u is a constant to autograd, so z = u * x has gradient u.
        x.grad.zero_();
        var yy = x * x;
        var u = yy.detach();
        var z = u * x;
        z.sum().backward();
        run.Show("x.grad == u", x.grad.eq(u).all().item<bool>());

        // Python control flow: f(a) = k·a for some k the loop decides, so its gradient is f(a) / a.
        var a = randn([], requires_grad: true);
        var d = ControlFlow(a);
        d.backward();
        // For a < 0, d = 100·2^m·a is rounded and d / a rounds again, so it can differ from k = 100·2^m in its last bit:
        // compare relative to k (an absolute 1e-5 failed for such an a, whose ratio is about 1e5).
        float grad = a.grad!.item<float>(), ratio = (d / a).item<float>();
        run.Show("a.grad == d / a", Math.Abs(grad - ratio) <= 1e-6 * Math.Abs(ratio));
    }

    private static Tensor ControlFlow(Tensor a)
    {
        var b = a * 2;
        while (b.norm().item<float>() < 1000) b = b * 2;
        return b.sum().item<float>() > 0 ? b : 100 * b;
    }
}
