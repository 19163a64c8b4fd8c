using CodeAssist.Server.Models;

namespace CodeAssist.Server.Tests.Models;

[Collection(DemoModelsCollection.Name)]
public sealed class DemoModelsTests(DemoModelsFixture demo)
{
    public static TheoryData<string, string> AllModels()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in DemoModels.Plan("."))
            data.Add(model.Architecture, model.Format);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void Each_demo_model_loads_in_llama_cpp_and_generates_greedily(string architecture, string format)
    {
        var model = demo.Get(architecture, format);

        var first = TinyInference.GreedyTokens(model.Path, "public static int Add(int a, int b)", 4);
        var again = TinyInference.GreedyTokens(model.Path, "public static int Add(int a, int b)", 4);

        Assert.Equal(4, first.Count);
        Assert.All(first, token => Assert.InRange(token, 0, DemoVocabulary.Tokens.Count - 1));
        Assert.Equal(first, again);
    }
}
