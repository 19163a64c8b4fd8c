using CodeAssist.Server.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.Logging;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using TextDocument = CodeAssist.Server.Documents.TextDocument;

namespace CodeAssist.Server.Verification;

/// <summary>
/// Keeps Roslyn's view of the opened folder in step with the editor: open documents override disk text, and each
/// edit is remembered for the prompt's recent-edits context.
/// </summary>
public sealed class WorkspaceSync : IDocumentListener, IDisposable
{
    private readonly RecentEdits _recentEdits;
    private readonly ILogger<WorkspaceSync> _logger;
    private readonly LanguageClient? _client;
    private readonly Lock _gate = new();
    private RoslynWorkspaceHost? _host;
    private SuggestionVerifier? _verifier;
    private string? _folder;
    private bool _trusted = true;
    private string _root = "";
    private ScratchDirectory? _looseFiles;

    /// <param name="client">Told when the folder is too big to scan whole; null where no editor is attached.</param>
    public WorkspaceSync(RecentEdits recentEdits, ILogger<WorkspaceSync> logger, LanguageClient? client = null)
    {
        _recentEdits = recentEdits;
        _logger = logger;
        _client = client;
    }

    /// <summary>The opened folder; documents outside it (or with no folder) still verify, in a miscellaneous project.</summary>
    public string Root
    {
        get
        {
            _ = Host;
            return _root;
        }
    }

    /// <summary>Made on first use, so that initialize answers without waiting for Roslyn and MSBuild to load.</summary>
    public RoslynWorkspaceHost Host
    {
        get
        {
            lock (_gate)
                return _host ??= Open(_folder);
        }
    }

    /// <summary>
    /// The folder to verify in. An untrusted folder (VS Code's workspace trust) is never evaluated by MSBuild, which
    /// would run its targets: its files go into an ad-hoc project until <see cref="GrantTrust"/>.
    /// </summary>
    public void OpenFolder(string? folder, bool trusted = true)
    {
        lock (_gate)
        {
            _host?.Dispose();
            _host = null;
            _verifier = null;
            _folder = folder;
            _trusted = trusted;
        }
    }

    /// <summary>The user trusted the folder: its projects are loaded with MSBuild from the next use on, without a restart.</summary>
    public void GrantTrust()
    {
        lock (_gate)
        {
            if (_trusted)
                return;
            _logger.LogInformation("Workspace trusted: loading its projects with MSBuild");
            _trusted = true;
            _host?.Dispose();
            _host = null;
            _verifier = null;
        }
    }

    /// <summary>The first compilation in a process takes seconds: pay it in the background, not on the first suggestion.</summary>
    public void WarmUp() =>
        _ = Task.Run(async () =>
        {
            var started = TimeProvider.System.GetTimestamp();
            await Verifier(SuggestionVerifier.DefaultBudget).WarmUpAsync(CancellationToken.None);
            // Also the moment from which the process's memory is its steady state (tests and bench soak measure from it).
            _logger.LogInformation("Roslyn warmed up in {Ms:F0} ms", TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }).ContinueWith(t => _logger.LogWarning(t.Exception, "Roslyn warm-up failed"), TaskContinuationOptions.OnlyOnFaulted);

    /// <summary>One verifier per workspace and budget: it caches each document version's errors before a splice.</summary>
    public SuggestionVerifier Verifier(TimeSpan budget)
    {
        var host = Host;
        lock (_gate)
        {
            if (_verifier is null || _verifier.Budget != budget)
                _verifier = new SuggestionVerifier(host, budget);
            return _verifier;
        }
    }

    /// <summary>The Roslyn document with exactly this version's text (the request's snapshot, not a later edit).</summary>
    public Document DocumentFor(TextDocument document) =>
        Host.GetDocument(PathOf(document.Uri)).WithText(SourceText.From(document.Text));

    public void Dispose()
    {
        _host?.Dispose();
        _looseFiles?.Dispose();
    }

    private RoslynWorkspaceHost Open(string? folder)
    {
        var useFolder = folder is not null && Directory.Exists(folder);
        // Without a folder, an empty one of this server's own: loose files go to the miscellaneous project, and nothing on
        // disk is scanned (the process's working directory may be / or a home directory).
        _root = useFolder ? Path.GetFullPath(folder!) : (_looseFiles ??= new ScratchDirectory("codeassist-loose-files-")).Path;
        _logger.LogInformation("Roslyn workspace for {Folder}{Trust}", useFolder ? _root : "loose files",
            useFolder && !_trusted ? " (untrusted: an ad-hoc project, no MSBuild)" : "");
        var host = RoslynWorkspaceHost.Open(_root, useMsBuild: useFolder && _trusted, _logger);
        host.Loaded.ContinueWith(_ =>
        {
            _logger.LogInformation("Roslyn workspace loaded: {Kind}{Failures}", host.Kind,
                host.LoadFailures.Count == 0 ? "" : " (" + string.Join("; ", host.LoadFailures) + ")");
            // The user should know why an error in a file deep in the folder goes unnoticed by the verifier.
            if (host.ScanStopped is { } reason)
                _client?.ShowMessage(MessageType.Warning, $"CodeAssist: {reason}");
        }, TaskScheduler.Default);
        return host;
    }

    /// <summary>A file path for any URI: untitled buffers get one under the root so Roslyn can still compile them.</summary>
    public string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile
            ? parsed.LocalPath
            : Path.Combine(Root, ".untitled", string.Concat(uri.Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '_')));

    public void Changed(DocumentChange change)
    {
        var uri = (change.After ?? change.Before)!.Uri;
        var path = PathOf(uri);
        if (change.After is null)
        {
            Host.CloseDocument(path);
            _recentEdits.Forget(path);
            return;
        }
        Host.SetOpenDocumentText(path, change.After.Text);
        if (change.Before is not null)
            _recentEdits.Record(path, change.After.Text, (change.Changes.Count == 0 ? null : change.Changes[0].Range)?.Start.Line ?? 0);
    }
}
