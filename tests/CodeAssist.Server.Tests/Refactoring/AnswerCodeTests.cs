using CodeAssist.Server.Refactoring;

namespace CodeAssist.Server.Tests.Refactoring;

public sealed class AnswerCodeTests
{
    [Theory]
    [InlineData("Sure:\n```csharp\nint x = 1;\n```\nDone.", "int x = 1;")]
    [InlineData("```cs\nA();\n```\n```csharp\nB();\n```", "A();")]
    [InlineData("```\n    Indented();\n```", "    Indented();")]
    [InlineData("```csharp\nCutOff();\n", "CutOff();")]
    [InlineData("<think>maybe ```csharp\nWrong();\n```</think>\n```csharp\nRight();\n```", "Right();")]
    [InlineData("  Raw();  \n", "Raw();")]
    [InlineData("<think>still thinking", "")]
    public void The_first_fenced_block_or_the_raw_answer_is_the_code(string answer, string code) =>
        Assert.Equal(code, AnswerCode.Extract(answer));
}
