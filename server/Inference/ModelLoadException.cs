namespace CodeAssist.Server.Inference;

/// <summary>A model could not be loaded; names the file and the cause so the editor can show both.</summary>
public sealed class ModelLoadException(string filePath, string cause, Exception? inner = null)
    : Exception($"Cannot load model '{filePath}': {cause}", inner)
{
    public string FilePath { get; } = filePath;
    public string Cause { get; } = cause;
}

/// <summary>No model can serve the request right now (none configured, still loading, or the last load failed).</summary>
public sealed class ModelUnavailableException(ModelStatus status)
    : Exception(status.Describe())
{
    public ModelStatus Status { get; } = status;
}
