using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeAssist.Server.Verification;

public enum WorkspaceKind
{
    /// <summary>Still loading: each document is compiled alone.</summary>
    Loading,
    MSBuild,
    AdHoc,
}

/// <summary>
/// The Roslyn view of an opened folder. Loading runs in the background and never blocks a caller:
/// until it finishes, <see cref="GetDocument"/> answers with a single-document project.
/// Open documents override the text on disk; files outside every project land in a miscellaneous project.
/// </summary>
public sealed class RoslynWorkspaceHost : IDisposable
{
    private const string MiscellaneousProjectName = "Miscellaneous";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SourceText> _openTexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Document> _standalone = new(StringComparer.Ordinal);
    private readonly List<string> _loadFailures = [];
    private readonly CancellationTokenSource _disposal = new();
    private readonly ILogger _logger;
    private readonly bool _useMsBuild;
    private Workspace? _msBuildWorkspace;
    private Solution? _solution;
    private ProjectId? _miscellaneousProject;

    private RoslynWorkspaceHost(string folder, bool useMsBuild, ILogger logger)
    {
        Folder = Path.GetFullPath(folder);
        _useMsBuild = useMsBuild;
        _logger = logger;
        Loaded = Task.Run(LoadAsync);
    }

    public string Folder { get; }

    /// <summary>Completes when the folder's projects are loaded (never faults: failures fall back to an ad-hoc project).</summary>
    public Task Loaded { get; }

    public WorkspaceKind Kind { get; private set; } = WorkspaceKind.Loading;

    /// <summary>Why the folder's scan stopped before its end (a folder too big to verify against whole); null when it saw everything.</summary>
    public string? ScanStopped { get; private set; }

    public IReadOnlyList<string> LoadFailures
    {
        get
        {
            lock (_gate)
                return [.. _loadFailures];
        }
    }

    /// <summary>Starts loading <paramref name="folder"/>; MSBuild is used when <paramref name="useMsBuild"/> and an SDK is installed.</summary>
    public static RoslynWorkspaceHost Open(string folder, bool useMsBuild = true, ILogger? logger = null) =>
        new(folder, useMsBuild, logger ?? NullLogger.Instance);

    public void SetOpenDocumentText(string path, string text)
    {
        path = Path.GetFullPath(path);
        var sourceText = SourceText.From(text);
        lock (_gate)
        {
            _openTexts[path] = sourceText;
            if (_solution is not null)
                _solution = WithText(_solution, path, sourceText);
        }
    }

    public void CloseDocument(string path)
    {
        path = Path.GetFullPath(path);
        lock (_gate)
        {
            _openTexts.Remove(path);
            _standalone.Remove(path);
            if (_solution is null)
                return;
            var diskText = ReadDisk(path);
            foreach (var id in _solution.GetDocumentIdsWithFilePath(path))
            {
                _solution = diskText is not null
                    ? _solution.WithDocumentText(id, diskText)
                    : id.ProjectId == _miscellaneousProject ? _solution.RemoveDocument(id) : _solution;
            }
        }
    }

    /// <summary>The current snapshot of the document at <paramref name="path"/>; never waits for loading.</summary>
    public Document GetDocument(string path)
    {
        path = Path.GetFullPath(path);
        lock (_gate)
        {
            var text = _openTexts.GetValueOrDefault(path);
            if (_solution is null)
                return Standalone(path, text ?? ReadDisk(path) ?? SourceText.From(""));
            var id = _solution.GetDocumentIdsWithFilePath(path).FirstOrDefault();
            if (id is null)
            {
                _solution = AddToMiscellaneous(_solution, path, text ?? ReadDisk(path) ?? SourceText.From(""));
                id = _solution.GetDocumentIdsWithFilePath(path).First();
            }
            return _solution.GetDocument(id)!;
        }
    }

    public void Dispose()
    {
        // Cancelled, not disposed: a load still running reads the token and must see the cancellation.
        _disposal.Cancel();
        lock (_gate)
        {
            _msBuildWorkspace?.Dispose();
            _msBuildWorkspace = null;
        }
    }

    /// <summary>One reusable project per path, so consecutive requests share Roslyn's caches.</summary>
    private Document Standalone(string path, SourceText text)
    {
        if (_standalone.TryGetValue(path, out var existing))
        {
            if (!existing.TryGetText(out var existingText) || !existingText.ContentEquals(text))
                existing = existing.WithText(text);
            return _standalone[path] = existing;
        }
        var solution = AdHocProjects.AddProject(new AdhocWorkspace().CurrentSolution, Path.GetFileNameWithoutExtension(path), [(path, text)], out _);
        var document = solution.GetDocument(solution.GetDocumentIdsWithFilePath(path).First())!;
        return _standalone[path] = document;
    }

    private Solution WithText(Solution solution, string path, SourceText text)
    {
        var ids = solution.GetDocumentIdsWithFilePath(path);
        if (ids.IsEmpty)
            return AddToMiscellaneous(solution, path, text);
        foreach (var id in ids)
            solution = solution.WithDocumentText(id, text, PreservationMode.PreserveIdentity);
        return solution;
    }

    private Solution AddToMiscellaneous(Solution solution, string path, SourceText text)
    {
        if (_miscellaneousProject is null)
        {
            solution = AdHocProjects.AddProject(solution, MiscellaneousProjectName, [], out var projectId);
            _miscellaneousProject = projectId;
        }
        var id = DocumentId.CreateNewId(_miscellaneousProject, path);
        return solution.AddDocument(id, Path.GetFileName(path), text, filePath: path);
    }

    private async Task LoadAsync()
    {
        Solution solution;
        WorkspaceKind kind;
        try
        {
            (solution, kind) = await LoadProjectsAsync(_disposal.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_gate)
        {
            foreach (var (path, text) in _openTexts)
                solution = WithText(solution, path, text);
            _solution = solution;
            Kind = kind;
            _standalone.Clear();
        }
        _logger.LogInformation("Roslyn workspace for {Folder} loaded as {Kind} with {Projects} projects", Folder, Kind, solution.ProjectIds.Count);
    }

    private async Task<(Solution, WorkspaceKind)> LoadProjectsAsync(CancellationToken cancellationToken)
    {
        var projectPaths = SourceFiles(Folder, "*.csproj");
        if (_useMsBuild && projectPaths.Count > 0 && MsBuildRegistration.TryEnsureRegistered())
        {
            try
            {
                var workspace = await MsBuildProjectLoader.LoadAsync(projectPaths, RecordFailure, cancellationToken).ConfigureAwait(false);
                if (workspace is not null)
                {
                    lock (_gate)
                    {
                        if (_disposal.IsCancellationRequested)
                        {
                            workspace.Dispose();
                            throw new OperationCanceledException(_disposal.Token);
                        }
                        _msBuildWorkspace = workspace;
                    }
                    return (AdHocProjects.WithFrameworkWhereMissing(workspace.CurrentSolution), WorkspaceKind.MSBuild);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                RecordFailure(exception.Message);
            }
        }
        var documents = SourceFiles(Folder, "*.cs").Select(path => (path, ReadDisk(path) ?? SourceText.From(""))).ToList();
        return (AdHocProjects.AddProject(new AdhocWorkspace().CurrentSolution, Path.GetFileName(Folder), documents, out _), WorkspaceKind.AdHoc);
    }

    private void RecordFailure(string message)
    {
        _logger.LogWarning("Roslyn workspace load: {Message}", message);
        lock (_gate)
            _loadFailures.Add(message);
    }

    private IReadOnlyList<string> SourceFiles(string folder, string pattern)
    {
        var scan = new WorkspaceScan();
        var files = scan.Files(folder, pattern);
        if (scan.Stopped is { } reason)
        {
            ScanStopped = reason;
            RecordFailure(reason);
        }
        return files;
    }

    private static SourceText? ReadDisk(string path)
    {
        try
        {
            return File.Exists(path) ? SourceText.From(File.ReadAllText(path)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
