using System.Globalization;
using System.Text;

namespace CodeAssist.Server.Training;

/// <summary>The training and validation loss curves as a small SVG line chart, for the model card.</summary>
public static class LossCurveSvg
{
    private const int Width = 640, Height = 360, Left = 50, Right = 20, Top = 20, Bottom = 40;

    public static string Render(IReadOnlyList<LossPoint> points)
    {
        var maxStep = Math.Max(1, points.Max(p => p.Step));
        var maxLoss = Math.Ceiling(points.Max(p => p.Loss));
        string X(double step) => F(Left + step / maxStep * (Width - Left - Right));
        string Y(double loss) => F(Top + (1 - loss / maxLoss) * (Height - Top - Bottom));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        for (var loss = 0; loss <= maxLoss; loss++)
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(loss)}\" y2=\"{Y(loss)}\" stroke=\"#ddd\"/><text x=\"{Left - 8}\" y=\"{Y(loss)}\" text-anchor=\"end\" dy=\"4\">{loss}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Width + Left) / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">optimizer steps ({maxStep:N0} in all)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Height / 2}\" transform=\"rotate(-90 14 {Height / 2})\" text-anchor=\"middle\">cross-entropy loss (nats/token)</text>\n");
        Polyline(svg, points.Where(p => !p.Validation), "#1f77b4", X, Y);
        Polyline(svg, points.Where(p => p.Validation), "#d62728", X, Y);
        foreach (var p in points.Where(p => p.Validation))
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.Step)}\" cy=\"{Y(p.Loss)}\" r=\"4\" fill=\"#d62728\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 160}\" y=\"{Top + 16}\" fill=\"#1f77b4\">training (per 50 steps)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 160}\" y=\"{Top + 32}\" fill=\"#d62728\">held-out files (per epoch)</text>\n");
        return svg.Append("</svg>\n").ToString();
    }

    private static void Polyline(StringBuilder svg, IEnumerable<LossPoint> points, string colour, Func<double, string> x, Func<double, string> y)
    {
        var coordinates = string.Join(' ', points.Select(p => $"{x(p.Step)},{y(p.Loss)}"));
        if (coordinates.Length > 0)
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{coordinates}\"/>\n");
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
