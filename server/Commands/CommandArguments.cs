using System.Text.Json;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Commands;

public static class CommandArguments
{
    /// <summary>The first argument as <typeparamref name="T"/>; a missing or malformed one is InvalidParams.</summary>
    public static T First<T>(JsonElement[] arguments, string command)
    {
        try
        {
            if (arguments is [var first, ..] && first.Deserialize<T>(LspJson.Options) is { } value)
                return value;
        }
        catch (JsonException e)
        {
            throw new LspException(ErrorCodes.InvalidParams, $"{command}: bad argument ({e.Message}).");
        }
        throw new LspException(ErrorCodes.InvalidParams, $"{command} needs an argument object.");
    }
}
