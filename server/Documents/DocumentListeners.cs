namespace CodeAssist.Server.Documents;

/// <summary>Something that follows the open documents: told of every open, edit and close, and of saves.</summary>
public interface IDocumentListener
{
    void Changed(DocumentChange change);

    void Saved(TextDocument document)
    {
    }
}

/// <summary>
/// The didOpen/didChange/didClose/didSave fan-out in one place: the listeners in the order the composition root
/// registered them, called on the mutation's thread after the store has applied the change.
/// </summary>
public sealed class DocumentListeners(IEnumerable<IDocumentListener> listeners)
{
    private readonly IDocumentListener[] _listeners = [.. listeners];

    public void Changed(DocumentChange? change)
    {
        if (change is null)
            return;
        foreach (var listener in _listeners)
            listener.Changed(change);
    }

    public void Saved(TextDocument? document)
    {
        if (document is null)
            return;
        foreach (var listener in _listeners)
            listener.Saved(document);
    }
}
