using System.Text;

namespace CodeAssist.Benchmarks.Soak;

/// <summary>The documents of a soak: one a user types into, and big generated ones that are opened and closed.</summary>
public static class SoakDocuments
{
    public const string Typed = """
        using System;
        using System.Collections.Generic;

        public sealed class Orders
        {
            private readonly List<int> _totals = new();

            public int Sum(int input)
            {
                var total = input;

                return total;
            }
        }

        """;

    /// <summary>Where typing starts: the blank line in Sum's body, indented.</summary>
    public const int TypedLine = 10;

    public const int TypedCharacter = 8;

    /// <summary>A C# file of about <paramref name="bytes"/> bytes: many one-line methods with string literals.</summary>
    public static string Big(int index, int bytes)
    {
        var text = new StringBuilder($"public static class Big{index}\n{{\n", bytes + 128);
        for (var i = 0; text.Length < bytes; i++)
            text.Append($"    public static int Value{i}(int x) => x * {i} + {i % 13}; // \"literal {i}\"\n");
        return text.Append("}\n").ToString();
    }
}
