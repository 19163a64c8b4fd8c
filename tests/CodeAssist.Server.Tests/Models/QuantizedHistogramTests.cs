using CodeAssist.Server.Models;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Models;

[Collection(DemoModelsCollection.Name)]
public sealed class QuantizedHistogramTests(DemoModelsFixture demo, ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        output.WriteLine($"made in {demo.MakeTime.TotalMilliseconds:F0} ms");
        foreach (var model in demo.Models)
        {
            var file = GgufReader.Open(model.Path);
            var fp = ModelFingerprint.FromHeaders(file, "");
            output.WriteLine($"{Path.GetFileName(model.Path)} {new FileInfo(model.Path).Length} {fp.FileTypeName} params={fp.ParameterCount} bpw={fp.BitsPerWeight:F3} " +
                string.Join(", ", fp.TensorTypes.Select(t => $"{t.Type}:{t.Count}/{t.Bytes}")));
            if (model.Format is "MXFP4_MOE" or "Q4_K_M")
                foreach (var t in file.Tensors)
                    output.WriteLine($"   {t.Name} {t.Type} {string.Join('x', t.Dimensions)}");
        }
    }
}
