using System.Xml.Linq;
using CodeAssist.Server.Training;

namespace CodeAssist.Server.Tests.Training;

public sealed class LossCurveSvgTests
{
    [Fact]
    public void The_loss_curve_is_an_SVG_with_a_training_and_a_validation_line()
    {
        LossPoint[] points = [new(false, 50, 7.9, 0.02), new(false, 100, 6.5, 0.05), new(true, 100, 6.8, 0.04), new(false, 150, 6.1, 0.07), new(true, 150, 6.4, 0.05)];

        var svg = XDocument.Parse(LossCurveSvg.Render(points));

        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(2, svg.Descendants(ns + "polyline").Count());
        Assert.Equal(2, svg.Descendants(ns + "circle").Count());
    }
}
