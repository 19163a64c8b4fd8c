using CodeAssist.Server.Models;

namespace CodeAssist.Server.Training;

/// <summary>
/// Turns the trained dense qwen3 into qwen3moe in F16: every expert is a copy of the layer's FFN and the router is zero,
/// so softmax gives equal scores, the top-k weights are normalised to sum to 1 and the MoE computes the dense function.
/// Quantizers then treat the FFN as expert tensors (MXFP4_MOE lands on them, as on Qwen3-Coder-Next). The special
/// tokens get their real Qwen spellings and control type here.
/// </summary>
public static class MoeUpcycler
{
    private static readonly string[] ExpertMatrices = ["ffn_gate", "ffn_up", "ffn_down"];

    public static GgufWriter Upcycle(string densePath, TrainingModelShape shape, BpeVocabulary vocabulary, IReadOnlyDictionary<string, GgufMetadataValue> extraMetadata)
    {
        var dense = GgufReader.Open(densePath);
        if (dense.Architecture != TrainingModelShape.DenseArchitecture)
            throw new TrainingInputException($"{densePath} is {dense.Architecture}, not the dense {TrainingModelShape.DenseArchitecture} that training writes");
        var writer = new GgufWriter();
        writer.Set("general.architecture", GgufMetadataValue.Of(TrainingModelShape.MoeArchitecture))
            .Set("general.name", GgufMetadataValue.Of("codeassist-cs"))
            .Set("general.file_type", GgufMetadataValue.Of((uint)LlamaFileTypes.MostlyF16));
        foreach (var (key, value) in extraMetadata)
            writer.Set(key, value);
        shape.WriteHyperparameters(writer, TrainingModelShape.MoeArchitecture);
        vocabulary.WriteTo(writer, training: false);

        using var stream = File.OpenRead(densePath);
        foreach (var tensor in dense.Tensors)
        {
            var values = ReadF32(stream, tensor);
            var dimensions = tensor.Dimensions.ToArray();
            var matrix = ExpertMatrices.FirstOrDefault(m => tensor.Name.EndsWith($".{m}.weight", StringComparison.Ordinal));
            if (matrix is not null)
            {
                var layer = tensor.Name[..^$"{matrix}.weight".Length];
                var copies = Enumerable.Repeat(values, shape.Experts).SelectMany(v => v).ToArray();
                writer.AddTensor($"{layer}{matrix}_exps.weight", GgmlType.F16, [.. dimensions, shape.Experts], ToF16(copies));
                if (matrix == "ffn_gate")
                    writer.AddTensor($"{layer}ffn_gate_inp.weight", GgmlType.F32, [shape.Embedding, shape.Experts], new byte[shape.Embedding * shape.Experts * 4]);
            }
            else if (dimensions.Length == 1)
                writer.AddTensor(tensor.Name, GgmlType.F32, dimensions, ToF32(values)); // norms stay F32, as llama.cpp keeps them
            else
                writer.AddTensor(tensor.Name, GgmlType.F16, dimensions, ToF16(values));
        }
        return writer;
    }

    internal static float[] ReadF32(FileStream stream, GgufTensorInfo tensor)
    {
        if (tensor.Type != GgmlType.F32)
            throw new TrainingInputException($"tensor {tensor.Name} is {tensor.Type}; training writes F32");
        var bytes = new byte[tensor.ByteSize];
        stream.Position = tensor.FileOffset;
        stream.ReadExactly(bytes);
        var values = new float[tensor.ElementCount];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    private static byte[] ToF16(float[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (Half)values[i]);
        return bytes;
    }

    private static byte[] ToF32(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
