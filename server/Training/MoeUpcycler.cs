using CodeAssist.Server.Models;

namespace CodeAssist.Server.Training;

/// <summary>
/// Turns the trained dense qwen3 into qwen3moe in F16 (ffn_down and the norms F32): every expert is a copy of the layer's FFN and the router is zero,
/// so softmax gives equal scores, the top-k weights are normalised to sum to 1 and the MoE computes the dense function.
/// Quantizers then treat the FFN as expert tensors (MXFP4_MOE lands on them, as on Qwen3-Coder-Next). The special
/// tokens get their real Qwen spellings and control type here. <see cref="Downcycle"/> goes back, so training can continue
/// from a shipped model.
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
            var values = ReadValues(stream, tensor);
            var dimensions = tensor.Dimensions.ToArray();
            var matrix = ExpertMatrices.FirstOrDefault(m => tensor.Name.EndsWith($".{m}.weight", StringComparison.Ordinal));
            if (matrix is not null)
            {
                var layer = tensor.Name[..^$"{matrix}.weight".Length];
                var copies = Enumerable.Repeat(values, shape.Experts).SelectMany(v => v).ToArray();
                // llama.cpp's CPU matmul turns an F16 weight's input into F16 (largest value 65,504); ffn_down's input,
                // silu(gate) · up, goes past that in a trained model (perplexity NaN), so it keeps F32 weights and input.
                if (matrix == "ffn_down")
                    writer.AddTensor($"{layer}{matrix}_exps.weight", GgmlType.F32, [.. dimensions, shape.Experts], ToF32(copies));
                else
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

    /// <summary>
    /// The dense F32 qwen3 that llama-finetune trains, from an upcycled qwen3moe (expert 0 of each FFN, since every
    /// expert is a copy of the trained FFN; the router is dropped) or from a dense qwen3; the vocabulary is the model's
    /// own, written with the training spellings of the special tokens.
    /// </summary>
    public static (GgufWriter Dense, BpeVocabulary Vocabulary) Downcycle(string path, TrainingModelShape shape)
    {
        var model = GgufReader.Open(path);
        if (model.Architecture is not (TrainingModelShape.MoeArchitecture or TrainingModelShape.DenseArchitecture))
            throw new TrainingInputException($"{path} is {model.Architecture}; training continues from a {TrainingModelShape.MoeArchitecture} or {TrainingModelShape.DenseArchitecture} model of its own");
        var embedding = model.GetInteger($"{model.Architecture}.embedding_length");
        var layers = model.GetInteger($"{model.Architecture}.block_count");
        if (embedding != shape.Embedding || layers != shape.Layers)
            throw new TrainingInputException($"{path} has {embedding} embedding and {layers} layers; training uses {shape.Embedding} and {shape.Layers}");
        var vocabulary = BpeVocabulary.ReadFrom(model);
        var writer = new GgufWriter();
        writer.Set("general.architecture", GgufMetadataValue.Of(TrainingModelShape.DenseArchitecture))
            .Set("general.name", GgufMetadataValue.Of("codeassist-cs (training)"))
            .Set("general.file_type", GgufMetadataValue.Of((uint)LlamaFileTypes.AllF32));
        shape.WriteHyperparameters(writer, TrainingModelShape.DenseArchitecture);
        vocabulary.WriteTo(writer, training: true);

        using var stream = File.OpenRead(path);
        foreach (var tensor in model.Tensors.Where(t => !t.Name.EndsWith(".ffn_gate_inp.weight", StringComparison.Ordinal)))
        {
            var values = ReadValues(stream, tensor);
            var dimensions = tensor.Dimensions.ToArray();
            var name = tensor.Name;
            if (ExpertMatrices.FirstOrDefault(m => name.EndsWith($".{m}_exps.weight", StringComparison.Ordinal)) is { } matrix)
            {
                dimensions = dimensions[..^1];
                values = values[..(int)GgmlTypes.ElementCount(dimensions)]; // expert 0: the expert index is the slowest dimension
                name = name[..^$"{matrix}_exps.weight".Length] + $"{matrix}.weight";
            }
            writer.AddTensor(name, GgmlType.F32, dimensions, ToF32(values));
        }
        return (writer, vocabulary);
    }

    /// <summary>A tensor's values as F32: training writes F32, the shipped model is F16 with F32 norms.</summary>
    internal static float[] ReadValues(FileStream stream, GgufTensorInfo tensor)
    {
        if (tensor.Type is not (GgmlType.F32 or GgmlType.F16))
            throw new TrainingInputException($"tensor {tensor.Name} is {tensor.Type}; training reads F32 or F16");
        var bytes = new byte[tensor.ByteSize];
        stream.Position = tensor.FileOffset;
        stream.ReadExactly(bytes);
        var values = new float[tensor.ElementCount];
        if (tensor.Type == GgmlType.F32)
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        else
            for (var i = 0; i < values.Length; i++)
                values[i] = (float)BitConverter.ToHalf(bytes, i * 2);
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
