using DiveML.Extensions.IO;
using SkiaSharp;

namespace DiveML.Extensions.Plots;

/// <summary>
/// d2l's <c>show_images</c> as a PNG: a grid of grayscale images, each titled with its true and predicted label (the
/// title is red where they differ). Drawn with SkiaSharp, the renderer ScottPlot uses.
/// </summary>
public static class ImageGridPlot
{
    /// <summary>Saves a grid of <paramref name="images"/> (row-major 0–255 pixels of <paramref name="height"/>×<paramref name="width"/>).</summary>
    public static void Save(IReadOnlyList<byte[]> images, int height, int width, IReadOnlyList<string> trueLabels, IReadOnlyList<string> predictedLabels,
        string path, int columns = 8, int scale = 3)
    {
        if (images.Count == 0) throw new ArgumentException("No images to plot.", nameof(images));
        if (trueLabels.Count != images.Count || predictedLabels.Count != images.Count) throw new ArgumentException("One true and one predicted label per image are needed.");
        int rows = (images.Count + columns - 1) / columns;
        int cellW = width * scale + 16, titleH = 30, cellH = height * scale + titleH + 8;
        using var surface = SKSurface.Create(new SKImageInfo(columns * cellW, rows * cellH));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 11);
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var red = new SKPaint { Color = SKColors.Firebrick, IsAntialias = true };
        for (int i = 0; i < images.Count; i++)
        {
            int x0 = i % columns * cellW + 8, y0 = i / columns * cellH + 4;
            var paint = trueLabels[i] == predictedLabels[i] ? black : red;
            canvas.DrawText(trueLabels[i], x0, y0 + 11, SKTextAlign.Left, font, paint);
            canvas.DrawText(predictedLabels[i], x0, y0 + 24, SKTextAlign.Left, font, paint);
            using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
            var pixels = images[i];
            System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), Math.Min(pixels.Length, width * height));
            using var image = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(image, new SKRect(x0, y0 + titleH, x0 + width * scale, y0 + titleH + height * scale), new SKSamplingOptions(SKFilterMode.Nearest));
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        // Written atomically: a kill never leaves half a PNG, and a link planted at the path is replaced, not followed.
        AtomicFile.WriteAllBytes(path, data.AsSpan());
    }
}
